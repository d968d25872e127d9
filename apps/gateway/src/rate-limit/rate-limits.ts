import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { DefenseSwitches } from '@claimguard/config';
import { audit, type Logger } from '@claimguard/observability';
import {
  matchesRoute,
  MemoryCounterStore,
  RateLimiter,
  RedisCounterStore,
  type CounterStore,
  type LimitDecision,
  type LimitRule,
} from '@claimguard/rate-limit';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, type GatewayConfig } from '../config.js';
import type { Caller } from '../edge-auth/caller.js';
import { GatewayError } from '../errors/gateway.error.js';
import { DEFENSE_SWITCHES } from '../meta/meta.tokens.js';

/** A Redis outage is logged at most this often (the limiter counts in memory meanwhile). */
const STORE_ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * The gateway's rate limits (defense `rate-limit`): per client IP before authentication, then per
 * person (`sub`) and, tighter, per person on the expensive routes. A refusal is 429
 * `GATEWAY.RATE_LIMITED` with `Retry-After`; the first refusal of each window is audited. With the
 * defense off (training) every hit is still counted and the first that would have been refused is
 * audited as `defense.off`, but nothing is refused.
 */
@Injectable()
export class RateLimits implements OnModuleInit, OnApplicationShutdown {
  private readonly limiter: RateLimiter;
  private readonly store: CounterStore;
  private readonly rules: { ip: LimitRule; user: LimitRule; expensive: LimitRule };
  private lastStoreError = 0;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_LOGGER) private readonly log: Logger,
    @Inject(DEFENSE_SWITCHES) private readonly switches: DefenseSwitches,
  ) {
    const windowMs = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    this.rules = {
      ip: { name: 'ip', limit: config.RATE_LIMIT_PER_IP, windowMs },
      user: { name: 'user', limit: config.RATE_LIMIT_PER_USER, windowMs },
      expensive: { name: 'expensive', limit: config.RATE_LIMIT_EXPENSIVE_PER_USER, windowMs },
    };
    const memory = new MemoryCounterStore();
    this.store = config.REDIS_URL
      ? RedisCounterStore.fromUrl(config.REDIS_URL, config.RATE_LIMIT_REDIS_PREFIX, (error) =>
          this.storeError(error),
        )
      : memory;
    this.limiter = new RateLimiter({
      store: this.store,
      fallback: memory,
      onStoreError: (error) => this.storeError(error),
    });
  }

  onModuleInit(): void {
    if (!(this.store instanceof RedisCounterStore)) {
      this.log.info('rate-limit counters in memory (no REDIS_URL): each replica limits alone');
      return;
    }
    // Connect in the background: until Redis answers, hits are counted in memory.
    this.store.connect().then(
      () => this.log.info('rate-limit counters in Redis'),
      (error: unknown) => this.storeError(error),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }

  /** Per client IP, before anything else is looked at (an anonymous flood never reaches identity). */
  async checkClient(ip: string, correlationId: string, resource: string): Promise<void> {
    const decision = await this.limiter.hit(this.rules.ip, ip);
    this.enforce(decision, { correlationId, resource, subject: `client ${ip}` });
  }

  /** Per person, and per person on the expensive routes, once the bearer is known. */
  async checkCaller(
    caller: Caller,
    method: string,
    url: string,
    correlationId: string,
  ): Promise<void> {
    const path = url.split('?')[0] ?? url;
    const resource = `${method} ${path}`;
    const who = { correlationId, resource, subject: `sub ${caller.sub}`, caller };
    this.enforce(await this.limiter.hit(this.rules.user, caller.sub), who);
    const expensive = this.config.RATE_LIMIT_EXPENSIVE_ROUTES.find(
      (route) => route.method === method && matchesRoute(route.path, path),
    );
    if (!expensive) return;
    const subject = `${caller.sub}:${expensive.method} ${expensive.path}`;
    this.enforce(await this.limiter.hit(this.rules.expensive, subject), who);
  }

  private enforce(
    decision: LimitDecision,
    context: { correlationId: string; resource: string; subject: string; caller?: Caller },
  ): void {
    if (decision.allowed) return;
    const reason =
      `${decision.rule} limit of ${decision.limit} per ${this.config.RATE_LIMIT_WINDOW_SECONDS} s ` +
      `exceeded by ${context.subject}`;
    const who = context.caller ? { sub: context.caller.sub, party: context.caller.party } : {};
    if (!this.switches.isOn('rate-limit')) {
      if (decision.firstDenial) {
        audit(this.log, {
          action: 'defense.off',
          defense: 'rate-limit',
          correlationId: context.correlationId,
          resource: context.resource,
          ...who,
          reason: `${reason}; let through (defense rate-limit is off)`,
        });
      }
      return;
    }
    throw new GatewayError(
      'GATEWAY.RATE_LIMITED',
      `Too many requests; retry after ${decision.retryAfterSeconds} s`,
      {
        retryAfterSeconds: decision.retryAfterSeconds,
        defense: 'rate-limit',
        // One audit line per subject and window; the metrics count every refusal.
        ...(decision.firstDenial
          ? { audit: { reason, defense: 'rate-limit' as const, ...who } }
          : {}),
      },
    );
  }

  private storeError(error: unknown): void {
    const now = Date.now();
    if (now - this.lastStoreError < STORE_ERROR_LOG_INTERVAL_MS) return;
    this.lastStoreError = now;
    this.log.warn({ err: error }, 'rate-limit store (Redis) failed; counting in memory');
  }
}
