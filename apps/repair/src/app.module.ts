import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@claimguard/observability';
import { ServiceKitModule } from '@claimguard/service-kit';
import type { RepairConfig } from './config.js';
import { PrismaService } from './platform/prisma.service.js';
import { REPAIR_CONFIG } from './platform/tokens.js';
import { RepairModule } from './repair/repair.module.js';
import { REPAIR_ROUTE_MANIFEST } from './route-manifest.js';
import { SERVICE_NAME } from './service-name.js';

/** The root module, built from an already validated config (tests pass their own). */
@Module({})
export class AppModule {
  static forRoot(config: RepairConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: SERVICE_NAME,
          config,
          configToken: REPAIR_CONFIG,
          logger,
          manifest: REPAIR_ROUTE_MANIFEST,
          database: PrismaService,
          // Emptied by a workshop reset; partner and reference tables stay.
          trainingResetTables: ['repair_orders', 'outbox_messages', 'inbox_messages'],
        }),
        RepairModule,
      ],
    };
  }
}
