import type { GatewayResult } from './gateway-client';
import type { DefensesView } from './gateway-types';

/** How long one answer of the gateway's defenses report serves every page of this process. */
export const DEFENSES_CACHE_MS = 2_000;

/**
 * The gateway's public defenses report, asked at most once per {@link DEFENSES_CACHE_MS} by this
 * process whatever the traffic: every page shows the training banner (anonymous pages and 404s
 * included), and without the cache each page load — anyone's, as fast as they like — would be a
 * call to the gateway from the web app's one address. A flip shows on the banner within that time.
 * @example const report = await defensesCache.get(() => gateway(undefined).defenses());
 */
export class DefensesCache {
  private cached: { at: number; value: Promise<GatewayResult<DefensesView>> } | undefined;

  constructor(
    private readonly ttlMs = DEFENSES_CACHE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(ask: () => Promise<GatewayResult<DefensesView>>): Promise<GatewayResult<DefensesView>> {
    const now = this.now();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.value;
    const value = ask();
    this.cached = { at: now, value };
    return value;
  }
}

/** The process's one cache (the banner of every page). */
export const defensesCache = new DefensesCache();
