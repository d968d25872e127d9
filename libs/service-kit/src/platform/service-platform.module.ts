import {
  Module,
  type DynamicModule,
  type FactoryProvider,
  type Type,
  type ValueProvider,
} from '@nestjs/common';
import type { RouteManifest } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import { HealthController } from '../health/health.controller.js';
import { databaseReadiness, type ReadinessCheck } from '../health/readiness.js';
import { RouteManifestController } from '../manifest/route-manifest.controller.js';
import { DATABASE, LOGGER, READINESS_CHECK, ROUTE_MANIFEST } from '../tokens.js';
import type { ServiceDatabase } from './service-database.js';

export interface ServicePlatformOptions {
  /** The service's validated config under the service's own token, e.g. `CLAIMS_CONFIG`. */
  config: ValueProvider;
  logger: Logger;
  /** Served at `/.well-known/route-manifest`. */
  manifest: RouteManifest;
  /** The service's `PrismaService` class (bound to its generated client); also bound to `DATABASE`. */
  database: Type<ServiceDatabase>;
  /** Replaces the default readiness check (`databaseReadiness`, a `SELECT 1`). */
  readiness?: Omit<FactoryProvider<ReadinessCheck>, 'provide'>;
}

/**
 * What every feature module of a service may inject — its config, `LOGGER`, its `PrismaService`
 * (and the same instance as `DATABASE`) — plus the two routes every service answers without a
 * token: `/healthz` and `/.well-known/route-manifest`. Global, so feature modules need not import it.
 * @example
 * ServicePlatformModule.forRoot({
 *   config: { provide: CLAIMS_CONFIG, useValue: config },
 *   logger,
 *   manifest: CLAIMS_ROUTE_MANIFEST,
 *   database: PrismaService,
 * })
 */
@Module({})
export class ServicePlatformModule {
  static forRoot(options: ServicePlatformOptions): DynamicModule {
    const { config, database } = options;
    return {
      module: ServicePlatformModule,
      global: true,
      controllers: [HealthController, RouteManifestController],
      providers: [
        config,
        { provide: LOGGER, useValue: options.logger },
        { provide: ROUTE_MANIFEST, useValue: options.manifest },
        database,
        { provide: DATABASE, useExisting: database },
        {
          provide: READINESS_CHECK,
          ...(options.readiness ?? { inject: [DATABASE], useFactory: databaseReadiness }),
        },
      ],
      exports: [config.provide, LOGGER, database, DATABASE],
    };
  }
}
