import { createHash } from 'node:crypto';
import type { Caller } from '../edge-auth/caller.js';

interface Entry {
  caller: Caller;
  /** Epoch milliseconds after which the entry is dead. */
  expiresAt: number;
}

export interface IntrospectionCacheOptions {
  /** Upper bound of an entry's life in seconds (`INTROSPECTION_CACHE_MAX_SECONDS`). */
  maxSeconds: number;
  /** Most entries kept; the oldest go first when full. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Positive introspection results keyed by the SHA-256 of the token (the token itself is never
 * stored). An entry lives `min(exp - now, maxSeconds)`: never past the token's own expiry, and
 * briefly enough that a revocation reaches the edge within `maxSeconds`. Negative answers are not
 * cached at all, so a token that becomes valid (or an attacker's guess) is always asked about.
 */
export class IntrospectionCache {
  private readonly entries = new Map<string, Entry>();
  /** sub → keys of its cached entries, so a revocation of a person drops all of them at once. */
  private readonly bySub = new Map<string, Set<string>>();
  /**
   * Keys a revocation dropped → until when the entry would still have been served without it. A
   * refusal of such a token is the `revocation` defense's doing, and is audited as such.
   */
  private readonly revoked = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: IntrospectionCacheOptions) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The cache key of a token: hex SHA-256, so a heap dump does not leak bearer tokens. */
  static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  get(token: string): Caller | undefined {
    const key = IntrospectionCache.keyOf(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(key);
      return undefined;
    }
    return entry.caller;
  }

  /** Stores an active token's caller; does nothing when the token has no life left. */
  set(token: string, caller: Caller): void {
    const ttlMs = this.ttlMs(caller.exp);
    if (ttlMs <= 0) return;
    const key = IntrospectionCache.keyOf(token);
    this.remove(key);
    if (this.entries.size >= this.maxEntries) this.makeRoom();
    this.entries.set(key, { caller, expiresAt: this.now() + ttlMs });
    let keys = this.bySub.get(caller.sub);
    if (!keys) this.bySub.set(caller.sub, (keys = new Set()));
    keys.add(key);
  }

  /** `min(exp - now, maxSeconds)` in milliseconds, never negative. */
  ttlMs(exp: number): number {
    const untilExp = exp * 1000 - this.now();
    return Math.max(0, Math.min(untilExp, this.options.maxSeconds * 1000));
  }

  /** Forgets one token (revocation). */
  delete(token: string): void {
    this.remove(IntrospectionCache.keyOf(token));
  }

  /**
   * Forgets every cached token of `sub` (a `GrantRevoked` or `UserDisabled` from identity), so
   * each of them is introspected again on its next use. Returns how many entries were dropped.
   */
  dropSubject(sub: string): number {
    const keys = this.bySub.get(sub);
    if (!keys) return 0;
    this.bySub.delete(sub);
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry) this.revoked.set(key, entry.expiresAt);
      this.entries.delete(key);
    }
    return keys.size;
  }

  /**
   * Whether `token` was cached as active until a revocation dropped it, and would still be served
   * from the cache without that revocation.
   */
  droppedByRevocation(token: string): boolean {
    const until = this.revoked.get(IntrospectionCache.keyOf(token));
    return until !== undefined && until > this.now();
  }

  clear(): void {
    this.entries.clear();
    this.bySub.clear();
    this.revoked.clear();
  }

  /** Drops every expired entry; run periodically so dead entries do not pile up. */
  sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.remove(key);
    for (const [key, until] of this.revoked) if (until <= now) this.revoked.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private makeRoom(): void {
    this.sweep();
    // Still full: evict in insertion order (a Map iterates oldest first).
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.remove(key);
    }
  }

  /** Removes one entry and its place in the sub index. */
  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const keys = this.bySub.get(entry.caller.sub);
    keys?.delete(key);
    if (keys?.size === 0) this.bySub.delete(entry.caller.sub);
  }

  /** How many subjects the index holds (for tests: it must not outgrow the entries). */
  get subjects(): number {
    return this.bySub.size;
  }
}
