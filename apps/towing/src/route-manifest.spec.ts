import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { REQUIRED_SCOPES } from '@claimguard/auth';
import { TowingController } from './towing/interface/towing.controller.js';
import { TOWING_ROUTE_MANIFEST } from './route-manifest.js';

/** Routes as the controller declares them: `METHOD /path` → scopes from `@RequireScopes`. */
function controllerRoutes(): Map<string, string[]> {
  const base = String(Reflect.getMetadata(PATH_METADATA, TowingController));
  const routes = new Map<string, string[]>();
  const proto = TowingController.prototype as unknown as Record<string, object>;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const handler = proto[name];
    if (name === 'constructor' || typeof handler !== 'function') continue;
    const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    if (path === undefined || method === undefined) continue;
    const full = `/${[base, path]
      .map((p) => p.replace(/^\/|\/$/g, ''))
      .filter(Boolean)
      .join('/')}`;
    routes.set(
      `${RequestMethod[method]} ${full}`,
      (Reflect.getMetadata(REQUIRED_SCOPES, handler) as string[]) ?? [],
    );
  }
  return routes;
}

describe('towing route manifest', () => {
  it('lists exactly the routes the controller serves, with the scopes the guard enforces', () => {
    const published = new Map(
      TOWING_ROUTE_MANIFEST.routes.map((r) => [`${r.method} ${r.path}`, [...r.scopes]]),
    );
    expect(published).toEqual(controllerRoutes());
  });
});
