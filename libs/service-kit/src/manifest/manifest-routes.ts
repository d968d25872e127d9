import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { REQUIRED_SCOPES } from '@claimguard/auth';
import type { RouteManifest } from '@claimguard/contracts';

/** `METHOD /path` → the scopes that route needs. */
export type RouteScopes = Map<string, string[]>;

/**
 * The routes a manifest publishes, keyed like `controllerRoutes`, so a spec can compare the two.
 * @example expect(manifestRoutes(CLAIMS_ROUTE_MANIFEST)).toEqual(controllerRoutes([ClaimsController]));
 */
export function manifestRoutes(manifest: RouteManifest): RouteScopes {
  return new Map(manifest.routes.map((r) => [`${r.method} ${r.path}`, [...r.scopes]]));
}

/**
 * The routes controllers serve as Nest sees them (`@Controller` path + method decorator), each with
 * the scopes its `@RequireScopes` makes the guard enforce (`[]` when it has none). Comparing this
 * with `manifestRoutes` in a unit spec keeps the manifest the gateway routes by and the guard in
 * step: a route missing from either side, or a scope that differs, fails the spec.
 * @example expect(manifestRoutes(CLAIMS_ROUTE_MANIFEST)).toEqual(controllerRoutes([ClaimsController]));
 */
export function controllerRoutes(controllers: readonly Type<unknown>[]): RouteScopes {
  const routes: RouteScopes = new Map();
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller));
    const proto = controller.prototype as Record<string, object>;
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
        (Reflect.getMetadata(REQUIRED_SCOPES, handler) as string[] | undefined) ?? [],
      );
    }
  }
  return routes;
}
