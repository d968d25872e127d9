import { describe, expect, it } from 'vitest';
import { parsePublicPath } from './public-path.js';

describe('parsePublicPath', () => {
  it('maps /api/<service>/<rest> to the service path and keeps the query untouched', () => {
    expect(parsePublicPath('/api/claims/123?expand=timeline&x=%2F')).toEqual({
      kind: 'routable',
      service: 'claims',
      servicePath: '/claims/123',
      query: '?expand=timeline&x=%2F',
    });
    expect(parsePublicPath('/api/towing')).toMatchObject({
      service: 'towing',
      servicePath: '/towing',
      query: '',
    });
  });

  it.each([
    ['/api/claims/../identity/admin', 'dot-dot'],
    ['/api/claims/..', 'dot-dot'],
    ['/api/claims//123', 'empty segment'],
    ['/api//claims/123', 'empty segment'],
    ['/api/claims/%2e%2e/x', 'encoded'],
    ['/api/claims/%2E%2E/x', 'encoded'],
    ['/api/claims/a%2fb', 'encoded'],
    ['/api/claims/a%2Fb', 'encoded'],
    ['/api/claims/a%5cb', 'encoded'],
    ['/api/claims/a%252e', 'encoded'],
    ['/api/claims/a%00', 'encoded'],
    ['/api/claims\\..\\x', 'backslash'],
    ['/api/claims/a\\b', 'backslash'],
    ['/api/claims/./x', 'dot segment'],
    ['/api/claims/a%zz', 'stray percent'],
    ['/api/claims/a"b', 'character'],
    ['/api/claims/a b', 'character'],
    ['api/claims', 'absolute'],
  ])('refuses %s as malformed (%s)', (url, reason) => {
    const result = parsePublicPath(url);
    expect(result.kind).toBe('malformed');
    expect(result.kind === 'malformed' && result.reason).toContain(reason);
  });

  it('does not route paths outside /api/<service>', () => {
    expect(parsePublicPath('/api')).toEqual({ kind: 'not-routable' });
    expect(parsePublicPath('/api/')).toEqual({ kind: 'not-routable' });
    expect(parsePublicPath('/api/Claims/1')).toEqual({ kind: 'not-routable' });
    expect(parsePublicPath('/claims/1')).toEqual({ kind: 'not-routable' });
  });

  it('allows ordinary percent-encoding inside a segment', () => {
    expect(parsePublicPath('/api/claims/a%20b')).toMatchObject({
      kind: 'routable',
      servicePath: '/claims/a%20b',
    });
  });
});
