import { describe, expect, it, vi } from 'vitest';
import type { CounterStore } from './counter-store.js';
import { RateLimitCounters } from './rate-limit-counters.js';

const rule = { name: 'ip', limit: 1, windowMs: 60_000 };
const logger = () => ({ info: vi.fn(), warn: vi.fn() });

describe('RateLimitCounters', () => {
  it('counts in memory without Redis and says so once started', async () => {
    const log = logger();
    const counters = new RateLimitCounters({ redisPrefix: 'test:', log });
    counters.start();
    expect(log.info).toHaveBeenCalledWith(expect.stringContaining('in memory'));
    expect((await counters.limiter.hit(rule, '203.0.113.9')).allowed).toBe(true);
    expect((await counters.limiter.hit(rule, '203.0.113.9')).allowed).toBe(false);
    await counters.close();
  });

  it('falls back to memory when the store fails, logging the failure at most every 30 s', async () => {
    const log = logger();
    const broken: CounterStore = {
      hit: () => Promise.reject(new Error('ECONNREFUSED')),
      close: () => Promise.resolve(),
    };
    const counters = new RateLimitCounters({ redisPrefix: 'test:', log, store: broken });
    const first = await counters.limiter.hit(rule, 'a');
    const second = await counters.limiter.hit(rule, 'a');
    expect([first.allowed, first.fellBack, second.allowed]).toEqual([true, true, false]);
    expect(log.warn).toHaveBeenCalledTimes(1);
  });
});
