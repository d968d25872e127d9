import type { CounterStore } from './counter-store.js';

/** One limit: at most `limit` hits per subject in each window of `windowMs`. */
export interface LimitRule {
  /** Names the rule in keys, logs and metrics: `ip`, `user`, `expensive`. */
  name: string;
  limit: number;
  windowMs: number;
}

/** What the limiter decided for one hit. */
export interface LimitDecision {
  allowed: boolean;
  rule: string;
  count: number;
  limit: number;
  /** Whole seconds until the window ends (≥ 1): the `Retry-After` value. */
  retryAfterSeconds: number;
  /** The first refused hit of this subject's window: audited once instead of once per hit. */
  firstDenial: boolean;
  /** True when the shared store failed and the in-process fallback counted this hit. */
  fellBack: boolean;
}

export interface RateLimiterOptions {
  /** Counters shared by every replica (Redis), or the memory store when there is none. */
  store: CounterStore;
  /** Counts while `store` fails, so a Redis outage loosens the limits but never lifts them. */
  fallback?: CounterStore;
  now?: () => number;
  /** Told when the shared store fails (the limiter itself goes on with the fallback). */
  onStoreError?: (error: unknown) => void;
}

/**
 * Fixed-window rate limiting over a {@link CounterStore}. Every hit is counted, refused or not, so
 * hammering on a closed door does not earn a new window early.
 * @example
 * const limiter = new RateLimiter({ store: new MemoryCounterStore() });
 * const d = await limiter.hit({ name: 'ip', limit: 100, windowMs: 60_000 }, '203.0.113.9');
 * if (!d.allowed) reply.header('retry-after', d.retryAfterSeconds).status(429);
 */
export class RateLimiter {
  private readonly now: () => number;

  constructor(private readonly options: RateLimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  async hit(rule: LimitRule, subject: string): Promise<LimitDecision> {
    const now = this.now();
    const key = `${rule.name}:${subject}`;
    let fellBack = false;
    let counted;
    try {
      counted = await this.options.store.hit(key, rule.windowMs, now);
    } catch (error) {
      if (!this.options.fallback) throw error;
      this.options.onStoreError?.(error);
      fellBack = true;
      counted = await this.options.fallback.hit(key, rule.windowMs, now);
    }
    return {
      allowed: counted.count <= rule.limit,
      rule: rule.name,
      count: counted.count,
      limit: rule.limit,
      retryAfterSeconds: Math.max(1, Math.ceil((counted.resetAtMs - now) / 1000)),
      firstDenial: counted.count === rule.limit + 1,
      fellBack,
    };
  }
}

/**
 * True when `path` (no query) matches `pattern`, where a `:name` segment stands for exactly one
 * non-empty segment and a trailing slash does not matter.
 * @example matchesRoute('/api/claims/:id/approve', '/api/claims/42/approve') // true
 */
export function matchesRoute(pattern: string, path: string): boolean {
  const want = pattern.replace(/\/+$/, '').split('/');
  const got = path.replace(/\/+$/, '').split('/');
  if (want.length !== got.length) return false;
  return want.every((segment, i) =>
    segment.startsWith(':') ? (got[i] ?? '') !== '' : segment === got[i],
  );
}
