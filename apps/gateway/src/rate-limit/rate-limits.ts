import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { DefenseSwitches } from '@claimguard/config';
import { audit, type Logger } from '@claimguard/observability';
import {
  addressBucket,
  matchesRoute,
  RateLimitCounters,
  type LimitDecision,
  type LimitRule,
} from '@claimguard/rate-limit';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, type GatewayConfig } from '../config.js';
import type { Caller } from '../edge-auth/caller.js';
import { GatewayError } from '../errors/gateway.error.js';
import { DEFENSE_SWITCHES } from '../meta/meta.tokens.js';

/**
 * The gateway's rate limits (defense `rate-limit`): per client IP before authentication, then per
 * person (`sub`) and, tighter, per person on the expensive routes. A refusal is 429
 * `GATEWAY.RATE_LIMITED` with `Retry-After`; the first refusal of each window is audited. With the
 * defense off (training) every hit is still counted and the first that would have been refused is
 * audited as `defense.off`, but nothing is refused.
 */
@Injectable()
export class RateLimits implements OnModuleInit, OnApplicationShutdown {
  private readonly counters: RateLimitCounters;
  private readonly rules: { ip: LimitRule; user: LimitRule; expensive: LimitRule };
  /** Subjects and windows already audited as let through with the defense off. */
  private readonly offAudited = new Set<string>();

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
    this.counters = new RateLimitCounters({
      redisUrl: config.REDIS_URL,
      redisPrefix: config.RATE_LIMIT_REDIS_PREFIX,
      log,
    });
  }

  onModuleInit(): void {
    this.counters.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.counters.close();
  }

  /** Per client IP, before anything else is looked at (an anonymous flood never reaches identity). */
  async checkClient(ip: string, correlationId: string, resource: string): Promise<void> {
    // An IPv6 client is counted by its /64: hopping inside one's own network buys no budget.
    const decision = await this.counters.limiter.hit(this.rules.ip, addressBucket(ip));
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
    this.enforce(await this.counters.limiter.hit(this.rules.user, caller.sub), who);
    const expensive = this.config.RATE_LIMIT_EXPENSIVE_ROUTES.find(
      (route) => route.method === method && matchesRoute(route.path, path),
    );
    if (!expensive) return;
    const subject = `${caller.sub}:${expensive.method} ${expensive.path}`;
    this.enforce(await this.counters.limiter.hit(this.rules.expensive, subject), who);
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
      // Once per subject, rule and window — also when the same window already refused them while
      // the defense was on (the instructor flipped it mid-window).
      if (this.firstOffInWindow(`${decision.rule}|${context.subject}`)) {
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

  private firstOffInWindow(key: string): boolean {
    const window = Math.floor(Date.now() / (this.config.RATE_LIMIT_WINDOW_SECONDS * 1000));
    const windowed = `${key}|${window}`;
    if (this.offAudited.has(windowed)) return false;
    // Bounded: a flood of fresh subjects forgets old windows instead of growing the set.
    if (this.offAudited.size >= 10_000) this.offAudited.clear();
    this.offAudited.add(windowed);
    return true;
  }
}
