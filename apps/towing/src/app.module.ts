import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@claimguard/observability';
import { ServiceKitModule } from '@claimguard/service-kit';
import type { TowingConfig } from './config.js';
import { PrismaService } from './platform/prisma.service.js';
import { TOWING_CONFIG } from './platform/tokens.js';
import { TOWING_ROUTE_MANIFEST } from './route-manifest.js';
import { SERVICE_NAME } from './service-name.js';
import { TowingModule } from './towing/towing.module.js';

/** The root module, built from an already validated config (tests pass their own). */
@Module({})
export class AppModule {
  static forRoot(config: TowingConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: SERVICE_NAME,
          config,
          configToken: TOWING_CONFIG,
          logger,
          manifest: TOWING_ROUTE_MANIFEST,
          database: PrismaService,
          // Emptied by a workshop reset; partner and reference tables stay.
          trainingResetTables: ['tow_jobs', 'outbox_messages', 'inbox_messages'],
        }),
        TowingModule,
      ],
    };
  }
}
