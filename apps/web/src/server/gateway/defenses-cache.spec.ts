import { describe, expect, it, vi } from 'vitest';
import type { GatewayResult } from './gateway-client';
import type { DefensesView } from './gateway-types';
import { DefensesCache } from './defenses-cache';

const report = (off: string[]): Promise<GatewayResult<DefensesView>> =>
  Promise.resolve({ ok: true, status: 200, data: { mode: 'training', off, defenses: [] } });

describe('DefensesCache', () => {
  it('asks the gateway once per window, however many pages render in it', async () => {
    let now = 1_000;
    const cache = new DefensesCache(2_000, () => now);
    const ask = vi.fn(() => report(['bola']));
    for (let i = 0; i < 50; i++) await cache.get(ask);
    expect(ask).toHaveBeenCalledTimes(1);
    now += 1_999;
    await cache.get(ask);
    expect(ask).toHaveBeenCalledTimes(1);
    now += 1;
    const fresh = await cache.get(() => report([]));
    expect(fresh.ok && fresh.data.off).toEqual([]);
  });
});
