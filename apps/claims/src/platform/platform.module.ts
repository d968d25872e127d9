import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@claimguard/observability';
import type { ClaimsConfig } from '../config.js';
import { HealthController } from './health.controller.js';
import { PrismaService } from './prisma.service.js';
import { RouteManifestController } from './route-manifest.controller.js';
import { CLAIMS_CONFIG, LOGGER } from './tokens.js';

/** What every feature module may inject: the config, the logger and the database. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: ClaimsConfig, logger: Logger): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController, RouteManifestController],
      providers: [
        { provide: CLAIMS_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        PrismaService,
      ],
      exports: [CLAIMS_CONFIG, LOGGER, PrismaService],
    };
  }
}
