import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@claimguard/observability';
import { ServiceKitModule } from '@claimguard/service-kit';
import type { RentalConfig } from './config.js';
import { PrismaService } from './platform/prisma.service.js';
import { RENTAL_CONFIG } from './platform/tokens.js';
import { RENTAL_ROUTE_MANIFEST } from './route-manifest.js';
import { SERVICE_NAME } from './service-name.js';
import { RentalModule } from './rental/rental.module.js';

/** The root module, built from an already validated config (tests pass their own). */
@Module({})
export class AppModule {
  static forRoot(config: RentalConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: SERVICE_NAME,
          config,
          configToken: RENTAL_CONFIG,
          logger,
          manifest: RENTAL_ROUTE_MANIFEST,
          database: PrismaService,
          // Emptied by a workshop reset; partner and reference tables stay.
          trainingResetTables: ['reservations', 'outbox_messages', 'inbox_messages'],
        }),
        RentalModule,
      ],
    };
  }
}
