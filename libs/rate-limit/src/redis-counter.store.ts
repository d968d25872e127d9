import { Redis } from 'ioredis';
import { windowOf, type CounterStore, type WindowCount } from './counter-store.js';

/** INCR and, on the window's first hit, PEXPIRE — atomically, so no key is left without expiry. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/** Kept a little past the window's end, so a replica whose clock lags still finds the count. */
const EXPIRY_GRACE_MS = 5_000;

type WithHit = Redis & { claimguardHit(key: string, ttlMs: number): Promise<number> };

/**
 * Counters in Redis, shared by every replica of a service: one key per subject and window
 * (`<prefix><key>:<window index>`), incremented by a Lua script.
 */
export class RedisCounterStore implements CounterStore {
  private readonly redis: WithHit;

  /**
   * A store on a new client that fails fast while Redis is away (no offline queue, one retry, a
   * 500 ms command timeout), so the limiter counts the hit in its fallback instead of waiting.
   * Connects only on {@link connect}; `onError` hears the client's connection errors.
   * @example
   * const store = RedisCounterStore.fromUrl('redis://127.0.0.1:6379', 'claimguard:identity:rl:', warn);
   * store.connect().catch(warn); // hits before Redis answers fail, and fall back
   */
  static fromUrl(
    url: string,
    prefix: string,
    onError: (error: unknown) => void,
  ): RedisCounterStore {
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 500,
      connectTimeout: 2_000,
      lazyConnect: true,
    });
    redis.on('error', onError);
    return new RedisCounterStore(redis, prefix);
  }

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('claimguardHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis = redis as WithHit;
  }

  async hit(key: string, windowMs: number, nowMs: number): Promise<WindowCount> {
    const { index, resetAtMs } = windowOf(nowMs, windowMs);
    const ttlMs = Math.max(1, resetAtMs - nowMs) + EXPIRY_GRACE_MS;
    const count = await this.redis.claimguardHit(`${this.prefix}${key}:${index}`, ttlMs);
    return { count: Number(count), resetAtMs };
  }

  /** Connects (for a client created with `lazyConnect`). */
  async connect(): Promise<void> {
    await this.redis.connect();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
