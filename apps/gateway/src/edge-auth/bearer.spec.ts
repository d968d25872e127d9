import { describe, expect, it } from 'vitest';
import { isJwtShaped, parseBearer } from './bearer.js';

describe('parseBearer', () => {
  it('reads the token of a Bearer header, scheme case-insensitive', () => {
    expect(parseBearer('Bearer abc-DEF_123.~+/=')).toEqual({
      kind: 'token',
      token: 'abc-DEF_123.~+/=',
    });
    expect(parseBearer('bearer xyz')).toEqual({ kind: 'token', token: 'xyz' });
    expect(parseBearer('BEARER   xyz  ')).toEqual({ kind: 'token', token: 'xyz' });
  });

  it('counts absent, blank and other-scheme headers as missing credentials', () => {
    expect(parseBearer(undefined)).toEqual({ kind: 'missing' });
    expect(parseBearer('')).toEqual({ kind: 'missing' });
    expect(parseBearer('   ')).toEqual({ kind: 'missing' });
    expect(parseBearer('Bearer')).toEqual({ kind: 'missing' });
    expect(parseBearer('Bearer    ')).toEqual({ kind: 'missing' });
    expect(parseBearer('Basic dXNlcjpwYXNz')).toEqual({ kind: 'missing' });
    expect(parseBearer('Bearerabc')).toEqual({ kind: 'missing' });
  });

  it('calls a Bearer value that is not one b64token malformed', () => {
    expect(parseBearer('Bearer two tokens')).toEqual({ kind: 'malformed' });
    expect(parseBearer('Bearer a"b')).toEqual({ kind: 'malformed' });
    expect(parseBearer('Bearer =abc')).toEqual({ kind: 'malformed' });
    expect(parseBearer(`Bearer ${'a'.repeat(5000)}`)).toEqual({ kind: 'malformed' });
  });

  it('uses the first value when a header arrives as a list', () => {
    expect(parseBearer(['Bearer first', 'Bearer second'])).toEqual({
      kind: 'token',
      token: 'first',
    });
  });
});

describe('isJwtShaped', () => {
  it('recognises three base64url parts only', () => {
    expect(isJwtShaped('eyJh.eyJz.c2ln')).toBe(true);
    expect(isJwtShaped('opaqueTokenWithoutDots')).toBe(false);
    expect(isJwtShaped('a.b')).toBe(false);
    expect(isJwtShaped('a.b.c.d.e')).toBe(false);
    expect(isJwtShaped('a+b.c.d')).toBe(false);
  });
});
