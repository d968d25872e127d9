import { Module, type DynamicModule, type InjectionToken, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PartyAuthModule } from '@claimguard/auth';
import type { ServiceEnv, WithDefenses } from '@claimguard/config';
import { SPIFFE_TRUST_DOMAIN, type RouteManifest } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import { armCrashPoint } from './faults/crash-points.js';
import { routeCallers } from './manifest/route-callers.js';
import { OutboxMessagingModule } from './messaging/outbox-messaging.module.js';
import { ServiceMetricsModule } from './metrics/service-metrics.module.js';
import { TrainingAgentModule } from './training/training-agent.module.js';
import type { ServiceDatabase } from './platform/service-database.js';
import {
  ServicePlatformModule,
  type ServicePlatformOptions,
} from './platform/service-platform.module.js';

export interface ServiceKitOptions {
  /** The service's name: the only party-token audience it accepts and its Kafka client id. */
  service: string;
  /** The validated config, built from `serviceEnv` (brokers, party-token issuer and JWKS). */
  config: WithDefenses<ServiceEnv>;
  /** The token feature modules inject the config by, e.g. `CLAIMS_CONFIG`. */
  configToken: InjectionToken;
  logger: Logger;
  /** The service's route manifest (its routes and their scopes). */
  manifest: RouteManifest;
  /** The service's `PrismaService` class. */
  database: Type<ServiceDatabase>;
  /** Replaces the default readiness check of `/healthz` (a database `SELECT 1`). */
  readiness?: ServicePlatformOptions['readiness'];
  /**
   * The service's workshop data, emptied when the instructor resets the workshop (see
   * `TrainingAgentModule`): its own transactional tables, never its reference data.
   */
  trainingResetTables: readonly string[];
}

/**
 * The chassis in one import: what every ClaimGuard domain service's root module needs besides its
 * feature modules. All four are global, so feature modules inject from them without importing:
 * - `ServicePlatformModule`: config, `LOGGER`, the `PrismaService` (`DATABASE`), `/healthz`, the
 *   route manifest;
 * - `OutboxMessagingModule`: `KAFKA`, the producer and the outbox relay (`OUTBOX_RELAY`);
 * - `TrainingAgentModule`: the training switches at runtime (when a switchboard is configured);
 * - `ServiceMetricsModule`: the audit trail counted in Prometheus metrics (with `METRICS_PORT`);
 * - `CqrsModule`: command, query and event buses;
 * - `PartyAuthModule`: every route needs a party token for this service and `@RequireScopes`;
 *   with TLS configured, first a caller on the route's `callers` list (defense `mtls`).
 * Their order is their bootstrap order (destroy runs in reverse, after the feature modules).
 * @example
 * imports: [
 *   ServiceKitModule.forRoot({ service: SERVICE_NAME, config, configToken: CLAIMS_CONFIG, logger,
 *     manifest: CLAIMS_ROUTE_MANIFEST, database: PrismaService }),
 *   ClaimsModule,
 * ]
 */
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    const { service, config, logger } = options;
    armCrashPoint(config.FAULT_INJECTION);
    return {
      module: ServiceKitModule,
      imports: [
        ServicePlatformModule.forRoot({
          config: { provide: options.configToken, useValue: config },
          logger,
          manifest: options.manifest,
          database: options.database,
          readiness: options.readiness,
        }),
        OutboxMessagingModule.forRoot({
          clientId: service,
          brokers: config.KAFKA_BROKERS,
          eventKeysDir: config.EVENT_KEYS_DIR,
          defenses: config.defenses,
        }),
        TrainingAgentModule.forRoot({
          service,
          switchboardUrl: config.TRAINING_SWITCHBOARD_URL,
          defenses: config.defenses,
          resetTables: options.trainingResetTables,
        }),
        ServiceMetricsModule.forRoot({
          service,
          port: config.METRICS_PORT,
          host: config.METRICS_HOST,
        }),
        CqrsModule.forRoot(),
        PartyAuthModule.forRoot({
          service,
          issuer: config.PARTY_TOKEN_ISSUER,
          jwksUrl: config.PARTY_TOKEN_JWKS_URL,
          ...(config.EXCHANGED_TOKEN_ISSUER && config.EXCHANGED_TOKEN_JWKS_URL
            ? {
                exchange: {
                  issuer: config.EXCHANGED_TOKEN_ISSUER,
                  jwksUrl: config.EXCHANGED_TOKEN_JWKS_URL,
                },
              }
            : {}),
          defenses: config.defenses,
          logger,
          callers: {
            tls: config.TLS_CA_FILE !== undefined,
            trustDomain: SPIFFE_TRUST_DOMAIN,
            callersOf: routeCallers(options.manifest),
          },
        }),
      ],
    };
  }
}
