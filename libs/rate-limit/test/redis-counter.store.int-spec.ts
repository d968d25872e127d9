import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/rate-limiter.js';
import { RedisCounterStore } from '../src/redis-counter.store.js';

/** The machine's Redis (CI runs one on the default port). */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A clock tests move by hand, starting at a window boundary so windows are predictable. */
function fakeClock(startMs = 1_700_000_040_000) {
  let now = startMs;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('RedisCounterStore', () => {
  it('counts fixed windows by the clock it is given, atomically, with a key that expires', async () => {
    const redis = new Redis(REDIS_URL);
    const prefix = `claimguard:it:${randomUUID()}:`;
    const store = new RedisCounterStore(redis, prefix);
    try {
      const clock = fakeClock();
      const limiter = new RateLimiter({ store, now: clock.now });
      const rule = { name: 'user', limit: 5, windowMs: 60_000 };
      const decisions = await Promise.all(
        Array.from({ length: 8 }, () => limiter.hit(rule, 'alice')),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
      expect(decisions.filter((d) => d.firstDenial)).toHaveLength(1);
      expect(decisions.map((d) => d.count).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const keys = await redis.keys(`${prefix}*`);
      expect(keys).toHaveLength(1);
      const ttl = await redis.pttl(keys[0] ?? '');
      expect(ttl).toBeGreaterThan(60_000);
      expect(ttl).toBeLessThanOrEqual(65_000);
      clock.advance(60_000);
      expect(await limiter.hit(rule, 'alice')).toMatchObject({ allowed: true, count: 1 });
    } finally {
      await store.close();
    }
  });
});
