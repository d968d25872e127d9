import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@claimguard/observability';
import type { TowingConfig } from '../config.js';
import { HealthController } from './health.controller.js';
import { PrismaService } from './prisma.service.js';
import { RouteManifestController } from './route-manifest.controller.js';
import { TOWING_CONFIG, LOGGER } from './tokens.js';

/** What every feature module may inject: the config, the logger and the database. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: TowingConfig, logger: Logger): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController, RouteManifestController],
      providers: [
        { provide: TOWING_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        PrismaService,
      ],
      exports: [TOWING_CONFIG, LOGGER, PrismaService],
    };
  }
}
