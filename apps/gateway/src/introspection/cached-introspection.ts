import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';
import { IntrospectionCache } from './introspection.cache.js';
import { IntrospectionClient } from './introspection.client.js';
import type { IntrospectionOutcome } from './introspection-checks.js';

const SWEEP_INTERVAL_MS = 30_000;

/**
 * Introspection with the positive-result cache in front. Only active answers are cached; every
 * inactive or unknown token goes to identity again.
 */
@Injectable()
export class CachedIntrospection implements OnModuleInit, OnModuleDestroy {
  readonly cache: IntrospectionCache;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly client: IntrospectionClient,
  ) {
    this.cache = new IntrospectionCache({ maxSeconds: config.INTROSPECTION_CACHE_MAX_SECONDS });
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => this.cache.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /**
   * The token's caller from the cache or from identity. `revoked` marks an inactive token that a
   * revocation event dropped from the cache while it would still have been served from it.
   */
  async check(
    token: string,
  ): Promise<IntrospectionOutcome & { cached?: boolean; revoked?: boolean }> {
    const cached = this.cache.get(token);
    if (cached) return { active: true, caller: cached, cached: true };
    const outcome = await this.client.introspect(token);
    if (outcome.active) this.cache.set(token, outcome.caller);
    else if (this.cache.droppedByRevocation(token)) return { ...outcome, revoked: true };
    return outcome;
  }
}
