import { describe, expect, it } from 'vitest';
import type { RouteManifest } from '@claimguard/contracts';
import { matchRoute, routesStayInNamespace } from './route-matcher.js';

const manifest: RouteManifest = {
  service: 'claims',
  version: 1,
  routes: [
    { method: 'GET', path: '/claims', scopes: ['claims:read'] },
    { method: 'POST', path: '/claims', scopes: ['claims:write'] },
    { method: 'GET', path: '/claims/:id', scopes: ['claims:read'] },
    { method: 'GET', path: '/claims/mine', scopes: ['claims:read'], summary: 'literal beats :id' },
    { method: 'POST', path: '/claims/:id/decision', scopes: ['claims:write'] },
  ],
};

describe('matchRoute', () => {
  it('matches a literal route by method and path', () => {
    expect(matchRoute(manifest, 'GET', '/claims')?.path).toBe('/claims');
    expect(matchRoute(manifest, 'POST', '/claims')?.scopes).toEqual(['claims:write']);
  });

  it('matches a :param against exactly one non-empty segment', () => {
    expect(matchRoute(manifest, 'GET', '/claims/7d1c9f0e')?.path).toBe('/claims/:id');
    expect(matchRoute(manifest, 'POST', '/claims/abc/decision')?.path).toBe('/claims/:id/decision');
    expect(matchRoute(manifest, 'GET', '/claims/')).toBeUndefined();
    expect(matchRoute(manifest, 'GET', '/claims/a/b')).toBeUndefined();
    expect(matchRoute(manifest, 'POST', '/claims//decision')).toBeUndefined();
  });

  it('routes HEAD as the GET route of the same path (its scopes, its callers), and nothing else', () => {
    expect(matchRoute(manifest, 'HEAD', '/claims/7d1c9f0e')).toBe(
      matchRoute(manifest, 'GET', '/claims/7d1c9f0e'),
    );
    expect(matchRoute(manifest, 'head', '/claims/mine')?.summary).toBe('literal beats :id');
    // A path with no GET route has no HEAD either.
    expect(matchRoute(manifest, 'HEAD', '/claims/abc/decision')).toBeUndefined();
  });

  it('prefers a literal segment over a parameter', () => {
    expect(matchRoute(manifest, 'GET', '/claims/mine')?.summary).toBe('literal beats :id');
  });

  it('never routes an internal (east-west) route', () => {
    const withInternal: RouteManifest = {
      ...manifest,
      routes: [
        ...manifest.routes,
        {
          method: 'GET',
          path: '/claims/:id/coverage',
          scopes: ['claims:read'],
          callers: ['rental'],
          internal: true,
        },
      ],
    };
    expect(matchRoute(withInternal, 'GET', '/claims/abc/coverage')).toBeUndefined();
    expect(matchRoute(withInternal, 'GET', '/claims/abc')?.path).toBe('/claims/:id');
  });

  it('denies a method swap on a listed path', () => {
    expect(matchRoute(manifest, 'PUT', '/claims/abc')).toBeUndefined();
    expect(matchRoute(manifest, 'DELETE', '/claims/abc')).toBeUndefined();
    expect(matchRoute(manifest, 'GET', '/claims/abc/decision')).toBeUndefined();
  });

  it('finds nothing for an unlisted path', () => {
    expect(matchRoute(manifest, 'GET', '/claims/abc/secret')).toBeUndefined();
    expect(matchRoute(manifest, 'GET', '/towing/jobs')).toBeUndefined();
    expect(matchRoute(manifest, 'GET', '/Claims')).toBeUndefined();
  });

  it('treats the method case-insensitively but nothing else', () => {
    expect(matchRoute(manifest, 'get', '/claims')?.path).toBe('/claims');
  });
});

describe('routesStayInNamespace', () => {
  it('accepts routes under /<service> and refuses one in another namespace', () => {
    expect(routesStayInNamespace(manifest)).toBe(true);
    const sneaky: RouteManifest = {
      ...manifest,
      routes: [
        ...manifest.routes,
        { method: 'GET', path: '/claimsx/all', scopes: ['claims:read'] },
      ],
    };
    expect(routesStayInNamespace(sneaky)).toBe(false);
  });
});
