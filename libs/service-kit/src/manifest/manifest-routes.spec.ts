import { Controller, Get, Post } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { RequireScopes } from '@claimguard/auth';
import { RouteManifestSchema, type RouteManifest } from '@claimguard/contracts';
import { controllerRoutes, manifestRoutes } from './manifest-routes.js';

@Controller('/claims/')
class ClaimsLikeController {
  @RequireScopes('claims:write')
  @Post()
  file(): void {}

  @RequireScopes('claims:read')
  @Get(':id')
  read(): void {}

  /** Not a route: no method decorator. */
  helper(): void {}
}

@Controller()
class UnscopedController {
  @Get('towing/jobs')
  list(): void {}
}

const manifest = (routes: RouteManifest['routes']): RouteManifest =>
  RouteManifestSchema.parse({ service: 'claims', version: 1, routes });

describe('controllerRoutes and manifestRoutes', () => {
  it('reads each route of the controllers with its full path and the scopes it requires', () => {
    expect(controllerRoutes([ClaimsLikeController, UnscopedController])).toEqual(
      new Map([
        ['POST /claims', ['claims:write']],
        ['GET /claims/:id', ['claims:read']],
        ['GET /towing/jobs', []],
      ]),
    );
  });

  it('agrees with a manifest that lists exactly those routes and scopes', () => {
    const published = manifest([
      { method: 'POST', path: '/claims', scopes: ['claims:write'], summary: 'File' },
      { method: 'GET', path: '/claims/:id', scopes: ['claims:read'], summary: 'Read' },
    ]);
    expect(manifestRoutes(published)).toEqual(controllerRoutes([ClaimsLikeController]));
  });

  it('disagrees when the manifest misses a route or publishes weaker scopes', () => {
    const missing = manifest([
      { method: 'POST', path: '/claims', scopes: ['claims:write'], summary: 'File' },
    ]);
    const weaker = manifest([
      { method: 'POST', path: '/claims', scopes: ['claims:read'], summary: 'File' },
      { method: 'GET', path: '/claims/:id', scopes: ['claims:read'], summary: 'Read' },
    ]);
    const served = controllerRoutes([ClaimsLikeController]);
    expect(manifestRoutes(missing)).not.toEqual(served);
    expect(manifestRoutes(weaker)).not.toEqual(served);
  });
});
