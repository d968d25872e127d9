import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@claimguard/observability';
import { ServiceKitModule } from '@claimguard/service-kit';
import { ClaimsModule } from './claims/claims.module.js';
import type { ClaimsConfig } from './config.js';
import { PrismaService } from './platform/prisma.service.js';
import { CLAIMS_CONFIG } from './platform/tokens.js';
import { CLAIMS_ROUTE_MANIFEST } from './route-manifest.js';
import { SERVICE_NAME } from './service-name.js';

/** The root module, built from an already validated config (tests pass their own). */
@Module({})
export class AppModule {
  static forRoot(config: ClaimsConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: SERVICE_NAME,
          config,
          configToken: CLAIMS_CONFIG,
          logger,
          manifest: CLAIMS_ROUTE_MANIFEST,
          database: PrismaService,
          // Emptied by a workshop reset; partner and reference tables stay.
          trainingResetTables: [
            'claims',
            'claim_consents',
            'claim_photos',
            'timeline_entries',
            'outbox_messages',
            'inbox_messages',
          ],
        }),
        ClaimsModule,
      ],
    };
  }
}
