import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PartyAuthModule } from '@claimguard/auth';
import type { Logger } from '@claimguard/observability';
import { TowingModule } from './towing/towing.module.js';
import type { TowingConfig } from './config.js';
import { MessagingModule } from './platform/messaging.module.js';
import { PlatformModule } from './platform/platform.module.js';
import { SERVICE_NAME } from './service-name.js';

/** The root module, built from an already validated config (tests pass their own). */
@Module({})
export class AppModule {
  static forRoot(config: TowingConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, logger),
        MessagingModule,
        CqrsModule.forRoot(),
        PartyAuthModule.forRoot({
          service: SERVICE_NAME,
          issuer: config.PARTY_TOKEN_ISSUER,
          jwksUrl: config.PARTY_TOKEN_JWKS_URL,
          defenses: config.defenses,
          logger,
        }),
        TowingModule,
      ],
    };
  }
}
