import { describe, expect, it } from 'vitest';
import { RouteManifestSchema } from '@claimguard/contracts';
import { routeCallers } from './route-callers.js';

const callersOf = routeCallers(
  RouteManifestSchema.parse({
    service: 'repair',
    version: 1,
    routes: [
      { method: 'GET', path: '/repair/orders/:id', scopes: ['repair:read'] },
      {
        method: 'POST',
        path: '/repair/orders/:id/notes',
        scopes: ['repair:write'],
        callers: ['gateway', 'towing'],
      },
    ],
  }),
);

describe('routeCallers', () => {
  it('lets only the gateway call a route that names no callers, or that the manifest omits', () => {
    expect(callersOf('GET', '/repair/orders/:id')).toEqual(['gateway']);
    expect(callersOf('DELETE', '/repair/orders/:id')).toEqual(['gateway']);
  });

  it("uses a route's own callers list", () => {
    expect(callersOf('post', '/repair/orders/:id/notes')).toEqual(['gateway', 'towing']);
  });

  it('looks HEAD up as GET (the router answers HEAD with the GET handler): never a wider list', () => {
    const internal = routeCallers(
      RouteManifestSchema.parse({
        service: 'claims',
        version: 1,
        routes: [
          {
            method: 'GET',
            path: '/claims/:id/coverage',
            scopes: ['claims:read'],
            callers: ['rental'],
          },
        ],
      }),
    );
    expect(internal('HEAD', '/claims/:id/coverage')).toEqual(['rental']);
    expect(internal('head', '/claims/:id/coverage')).toEqual(['rental']);
  });

  it('lets the gateway and ops reach the platform routes', () => {
    expect(callersOf('GET', '/healthz')).toEqual(['gateway', 'ops']);
    expect(callersOf('GET', '/.well-known/route-manifest')).toEqual(['gateway', 'ops']);
  });
});
