import { describe, expect, it } from 'vitest';
import type { Caller } from '../edge-auth/caller.js';
import { IntrospectionCache } from './introspection.cache.js';

function clock(startMs = 1_700_000_000_000) {
  let now = startMs;
  return {
    now: () => now,
    advance: (ms: number) => (now += ms),
    seconds: () => Math.floor(now / 1000),
  };
}

function caller(exp: number, sub = 'alice'): Caller {
  return {
    sub,
    party: { kind: 'member', id: 'M-100001' },
    scopes: ['claims:read'],
    exp,
    source: 'introspection',
  };
}

describe('IntrospectionCache', () => {
  it('keeps an entry for INTROSPECTION_CACHE_MAX_SECONDS when the token lives longer', () => {
    const c = clock();
    const cache = new IntrospectionCache({ maxSeconds: 30, now: c.now });
    cache.set('tok', caller(c.seconds() + 300));
    c.advance(29_999);
    expect(cache.get('tok')?.sub).toBe('alice');
    c.advance(1);
    expect(cache.get('tok')).toBeUndefined();
  });

  it('never keeps an entry past the token expiry', () => {
    const c = clock();
    const cache = new IntrospectionCache({ maxSeconds: 30, now: c.now });
    const exp = c.seconds() + 5;
    cache.set('tok', caller(exp));
    expect(cache.ttlMs(exp)).toBe(5000);
    c.advance(4_999);
    expect(cache.get('tok')).toBeDefined();
    c.advance(1);
    expect(cache.get('tok')).toBeUndefined();
  });

  it('does not store a token that has already expired', () => {
    const c = clock();
    const cache = new IntrospectionCache({ maxSeconds: 30, now: c.now });
    cache.set('tok', caller(c.seconds() - 1));
    expect(cache.size).toBe(0);
    expect(cache.get('tok')).toBeUndefined();
  });

  it('caches nothing when the maximum is zero', () => {
    const c = clock();
    const cache = new IntrospectionCache({ maxSeconds: 0, now: c.now });
    cache.set('tok', caller(c.seconds() + 300));
    expect(cache.get('tok')).toBeUndefined();
  });

  it('keys entries by SHA-256 of the token, never the token itself', () => {
    const c = clock();
    const cache = new IntrospectionCache({ maxSeconds: 30, now: c.now });
    cache.set('secret-opaque-token', caller(c.seconds() + 60));
    const keys = [...(cache as unknown as { entries: Map<string, unknown> }).entries.keys()];
    expect(keys).toEqual([IntrospectionCache.keyOf('secret-opaque-token')]);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sweeps expired entries and evicts the oldest when full', () => {
    const c = clock();
    const cache = new IntrospectionCache({ maxSeconds: 30, maxEntries: 2, now: c.now });
    cache.set('short', caller(c.seconds() + 1));
    cache.set('a', caller(c.seconds() + 60));
    c.advance(1_000);
    cache.sweep();
    expect(cache.size).toBe(1);
    cache.set('b', caller(c.seconds() + 60));
    cache.set('c', caller(c.seconds() + 60));
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('forgets a revoked token', () => {
    const c = clock();
    const cache = new IntrospectionCache({ maxSeconds: 30, now: c.now });
    cache.set('tok', caller(c.seconds() + 60));
    cache.delete('tok');
    expect(cache.get('tok')).toBeUndefined();
  });

  it('drops every cached token of a revoked subject and nobody else', () => {
    const c = clock();
    const cache = new IntrospectionCache({ maxSeconds: 30, now: c.now });
    cache.set('alice-web', caller(c.seconds() + 60));
    cache.set('alice-cli', caller(c.seconds() + 60));
    cache.set('bob-cli', caller(c.seconds() + 60, 'bob'));
    expect(cache.dropSubject('alice')).toBe(2);
    expect(cache.get('alice-web')).toBeUndefined();
    expect(cache.get('alice-cli')).toBeUndefined();
    expect(cache.get('bob-cli')?.sub).toBe('bob');
    expect(cache.dropSubject('alice')).toBe(0);
  });

  it('remembers a token a revocation dropped until its cache entry would have expired', () => {
    const c = clock();
    const cache = new IntrospectionCache({ maxSeconds: 30, now: c.now });
    cache.set('alice-cli', caller(c.seconds() + 300, 'alice'));
    expect(cache.droppedByRevocation('alice-cli')).toBe(false);
    cache.dropSubject('alice');
    expect(cache.droppedByRevocation('alice-cli')).toBe(true);
    expect(cache.droppedByRevocation('bob-cli')).toBe(false);
    c.advance(30_001);
    cache.sweep();
    expect(cache.droppedByRevocation('alice-cli')).toBe(false);
  });

  it('keeps the subject index no larger than the entries it points to', () => {
    const c = clock();
    const cache = new IntrospectionCache({ maxSeconds: 30, maxEntries: 2, now: c.now });
    cache.set('a1', caller(c.seconds() + 1, 'a'));
    cache.set('b1', caller(c.seconds() + 60, 'b'));
    cache.set('c1', caller(c.seconds() + 60, 'c'));
    expect(cache.subjects).toBe(2);
    c.advance(60_000);
    cache.sweep();
    expect(cache.size).toBe(0);
    expect(cache.subjects).toBe(0);
    cache.set('d1', caller(c.seconds() + 60, 'd'));
    cache.delete('d1');
    expect(cache.subjects).toBe(0);
  });

  it('moves a token to its new subject when it is cached again', () => {
    const c = clock();
    const cache = new IntrospectionCache({ maxSeconds: 30, now: c.now });
    cache.set('tok', caller(c.seconds() + 60, 'a'));
    cache.set('tok', caller(c.seconds() + 60, 'b'));
    expect(cache.dropSubject('a')).toBe(0);
    expect(cache.dropSubject('b')).toBe(1);
  });
});
