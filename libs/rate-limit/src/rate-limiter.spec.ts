import { describe, expect, it } from 'vitest';
import type { CounterStore } from './counter-store.js';
import { MemoryCounterStore } from './memory-counter.store.js';
import { matchesRoute, RateLimiter } from './rate-limiter.js';

/** A clock tests move by hand, starting at a window boundary so windows are predictable. */
function fakeClock(startMs = 1_700_000_040_000) {
  let now = startMs;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const RULE = { name: 'user', limit: 3, windowMs: 60_000 };

describe('RateLimiter over the memory store', () => {
  it('allows the limit, refuses the next hit with Retry-After until the window ends', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ store: new MemoryCounterStore(), now: clock.now });
    for (let i = 1; i <= 3; i++) expect((await limiter.hit(RULE, 'alice')).allowed).toBe(true);
    clock.advance(15_000);
    const refused = await limiter.hit(RULE, 'alice');
    expect(refused).toMatchObject({ allowed: false, count: 4, limit: 3, firstDenial: true });
    expect(refused.retryAfterSeconds).toBe(45);
    const again = await limiter.hit(RULE, 'alice');
    expect(again).toMatchObject({ allowed: false, firstDenial: false });
    clock.advance(44_999);
    expect((await limiter.hit(RULE, 'alice')).retryAfterSeconds).toBe(1);
    clock.advance(1);
    expect(await limiter.hit(RULE, 'alice')).toMatchObject({ allowed: true, count: 1 });
  });

  it('counts each subject and each rule on its own', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ store: new MemoryCounterStore(), now: clock.now });
    for (let i = 0; i < 4; i++) await limiter.hit(RULE, 'alice');
    expect((await limiter.hit(RULE, 'bob')).allowed).toBe(true);
    expect((await limiter.hit({ ...RULE, name: 'ip' }, 'alice')).allowed).toBe(true);
  });

  it('counts in the fallback while the shared store fails, and says so', async () => {
    const clock = fakeClock();
    const broken: CounterStore = {
      hit: () => Promise.reject(new Error('redis is down')),
      close: () => Promise.resolve(),
    };
    const errors: unknown[] = [];
    const limiter = new RateLimiter({
      store: broken,
      fallback: new MemoryCounterStore(),
      now: clock.now,
      onStoreError: (e) => errors.push(e),
    });
    for (let i = 0; i < 3; i++) await limiter.hit(RULE, 'alice');
    const refused = await limiter.hit(RULE, 'alice');
    expect(refused).toMatchObject({ allowed: false, fellBack: true });
    expect(errors).toHaveLength(4);
  });

  it('fails loudly when the store fails and there is no fallback', async () => {
    const limiter = new RateLimiter({
      store: { hit: () => Promise.reject(new Error('down')), close: () => Promise.resolve() },
    });
    await expect(limiter.hit(RULE, 'alice')).rejects.toThrow('down');
  });
});

describe('MemoryCounterStore', () => {
  it('sweeps closed windows, then the oldest counters, when full', async () => {
    const clock = fakeClock();
    const store = new MemoryCounterStore(2);
    await store.hit('a', 1_000, clock.now());
    await store.hit('b', 60_000, clock.now());
    clock.advance(1_000);
    await store.hit('c', 60_000, clock.now());
    expect(store.size).toBe(2);
    await store.hit('d', 60_000, clock.now());
    expect(store.size).toBe(2);
    expect((await store.hit('d', 60_000, clock.now())).count).toBe(2);
    expect((await store.hit('b', 60_000, clock.now())).count).toBe(1);
  });
});

describe('matchesRoute', () => {
  it('matches exact paths and one segment per :param, ignoring a trailing slash', () => {
    expect(matchesRoute('/api/claims', '/api/claims')).toBe(true);
    expect(matchesRoute('/api/claims', '/api/claims/')).toBe(true);
    expect(matchesRoute('/api/claims', '/api/claims/42')).toBe(false);
    expect(matchesRoute('/api/claims/:id/approve', '/api/claims/42/approve')).toBe(true);
    expect(matchesRoute('/api/claims/:id/approve', '/api/claims//approve')).toBe(false);
    expect(matchesRoute('/api/claims', '/api/claimsx')).toBe(false);
  });
});
