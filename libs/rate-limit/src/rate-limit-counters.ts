import type { CounterStore } from './counter-store.js';
import { MemoryCounterStore } from './memory-counter.store.js';
import { RateLimiter } from './rate-limiter.js';
import { RedisCounterStore } from './redis-counter.store.js';

/** A store failure is logged at most this often (Redis down means a failure on every hit). */
export const STORE_ERROR_LOG_INTERVAL_MS = 30_000;

/** The two log calls the counters make (a pino logger will do). */
export interface CountersLog {
  info(message: string): void;
  warn(details: object, message: string): void;
}

export interface RateLimitCountersOptions {
  /** Counters in Redis (shared by every replica) when set; in memory otherwise. */
  redisUrl?: string;
  /** Prefix of every Redis key; one per deployment and per test run. */
  redisPrefix: string;
  log: CountersLog;
  /** Replaces the store chosen from `redisUrl` (tests). */
  store?: CounterStore;
  now?: () => number;
}

/**
 * The counters of one process's rate limits, as the gateway and identity both keep them: Redis
 * when configured (connected in the background; until it answers, and whenever it fails, hits are
 * counted in memory, the failure logged at most every 30 s), memory otherwise.
 * @example const counters = new RateLimitCounters({ redisUrl, redisPrefix, log }); counters.start();
 *          const decision = await counters.limiter.hit(rule, ip);
 */
export class RateLimitCounters {
  readonly limiter: RateLimiter;
  private readonly store: CounterStore;
  private lastStoreError = 0;

  constructor(private readonly options: RateLimitCountersOptions) {
    const memory = new MemoryCounterStore();
    this.store =
      options.store ??
      (options.redisUrl
        ? RedisCounterStore.fromUrl(options.redisUrl, options.redisPrefix, (error) =>
            this.storeError(error),
          )
        : memory);
    this.limiter = new RateLimiter({
      store: this.store,
      fallback: memory,
      onStoreError: (error) => this.storeError(error),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** Connects to Redis in the background (nothing to do for memory counters). */
  start(): void {
    if (!(this.store instanceof RedisCounterStore)) {
      this.options.log.info(
        'rate-limit counters in memory (no REDIS_URL): each replica limits alone',
      );
      return;
    }
    this.store.connect().then(
      () => this.options.log.info('rate-limit counters in Redis'),
      (error: unknown) => this.storeError(error),
    );
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  private storeError(error: unknown): void {
    const now = Date.now();
    if (now - this.lastStoreError < STORE_ERROR_LOG_INTERVAL_MS) return;
    this.lastStoreError = now;
    this.options.log.warn({ err: error }, 'rate-limit store (Redis) failed; counting in memory');
  }
}
