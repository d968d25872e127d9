import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { DefenseSwitches } from '@claimguard/config';
import { TRAINING_SWITCHBOARD_SIGNER } from '@claimguard/contracts';
import { FileEventKeyResolver, loadOrCreateEventSigningKey } from '@claimguard/messaging';
import type { Logger } from '@claimguard/observability';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, type GatewayConfig } from './config.js';
import { EdgeAuthenticator } from './edge-auth/edge-authenticator.js';
import { IdentityJwtVerifier } from './edge-auth/identity-jwt.verifier.js';
import { OwnPartyTokenVerifier } from './edge-auth/own-party-token.verifier.js';
import { GatewayExceptionFilter } from './errors/gateway-exception.filter.js';
import { CachedIntrospection } from './introspection/cached-introspection.js';
import { IdentityDiscovery } from './introspection/identity-discovery.js';
import { IntrospectionClient } from './introspection/introspection.client.js';
import { RevocationConsumer } from './introspection/revocation.consumer.js';
import { JwksController } from './keys/jwks.controller.js';
import { PARTY_TOKEN_KEY } from './keys/keys.tokens.js';
import { loadOrCreatePartyTokenKey } from './keys/party-token-key.js';
import { ManifestRegistry } from './manifests/manifest-registry.js';
import { DefensesController } from './meta/defenses.controller.js';
import { HealthController } from './meta/health.controller.js';
import { DEFENSE_SWITCHES } from './meta/meta.tokens.js';
import { GATEWAY_METRICS, GatewayMetrics } from './metrics/gateway-metrics.js';
import { MetricsServer } from './metrics/metrics.server.js';
import { PartyTokenMinter } from './party-token/party-token.minter.js';
import { ProxyController } from './proxy/proxy.controller.js';
import { ProxyService } from './proxy/proxy.service.js';
import { UpstreamTransport } from './proxy/upstream-transport.js';
import { ClientRateLimitGuard } from './rate-limit/client-rate-limit.guard.js';
import { RateLimits } from './rate-limit/rate-limits.js';
import { Switchboard } from './training/switchboard.js';
import { TrainingController } from './training/training.controller.js';
import { SWITCHBOARD, SYNC_ANSWER_KEY, SYNC_KEYS } from './training/training.tokens.js';

export interface GatewayModuleOptions {
  config: GatewayConfig;
  switches: DefenseSwitches;
  log: Logger;
}

/** The whole gateway. Config, switches and logger come in from outside, so tests can boot it. */
@Module({})
export class AppModule {
  static register(options: GatewayModuleOptions): DynamicModule {
    return {
      module: AppModule,
      controllers: [
        HealthController,
        JwksController,
        DefensesController,
        TrainingController,
        ProxyController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: options.config },
        { provide: DEFENSE_SWITCHES, useValue: options.switches },
        { provide: GATEWAY_LOGGER, useValue: options.log },
        { provide: SWITCHBOARD, useFactory: () => new Switchboard(options.switches, options.log) },
        {
          provide: SYNC_KEYS,
          useValue: options.config.EVENT_KEYS_DIR
            ? new FileEventKeyResolver(options.config.EVENT_KEYS_DIR)
            : undefined,
        },
        {
          // The switchboard's own key (training stacks only): the processes verify its answers.
          provide: SYNC_ANSWER_KEY,
          useFactory: () =>
            options.config.EVENT_KEYS_DIR && !options.switches.frozen
              ? loadOrCreateEventSigningKey(
                  options.config.EVENT_KEYS_DIR,
                  TRAINING_SWITCHBOARD_SIGNER,
                )
              : undefined,
        },
        {
          provide: PARTY_TOKEN_KEY,
          useFactory: () => loadOrCreatePartyTokenKey(options.config.KEYS_DIR),
        },
        { provide: GATEWAY_METRICS, useValue: new GatewayMetrics() },
        { provide: APP_FILTER, useClass: GatewayExceptionFilter },
        { provide: APP_GUARD, useClass: ClientRateLimitGuard },
        RateLimits,
        MetricsServer,
        RevocationConsumer,
        IdentityDiscovery,
        IntrospectionClient,
        CachedIntrospection,
        OwnPartyTokenVerifier,
        IdentityJwtVerifier,
        EdgeAuthenticator,
        UpstreamTransport,
        ManifestRegistry,
        PartyTokenMinter,
        ProxyService,
      ],
    };
  }
}
