import {
  DEFAULT_CALLERS,
  HEALTH_PATH,
  manifestMethod,
  PLATFORM_CALLERS,
  ROUTE_MANIFEST_PATH,
  type RouteManifest,
} from '@claimguard/contracts';

/**
 * The caller allow-list of a service's routes (defense `mtls`), looked up by method and the route
 * pattern the router matched: each manifest route's `callers` (default `DEFAULT_CALLERS`), the
 * platform routes `/healthz` and the manifest `PLATFORM_CALLERS`. HEAD is looked up as GET. A route
 * the manifest does not list gets the default: only the gateway.
 * @example routeCallers(CLAIMS_ROUTE_MANIFEST)('GET', '/claims/:id') // ['gateway']
 */
export function routeCallers(
  manifest: RouteManifest,
): (method: string, route: string) => readonly string[] {
  const byRoute = new Map<string, readonly string[]>(
    manifest.routes.map((r) => [`${r.method} ${r.path}`, r.callers ?? DEFAULT_CALLERS]),
  );
  return (method, route) => {
    const path = route.length > 1 ? route.replace(/\/+$/, '') : route;
    if (path === HEALTH_PATH || path === ROUTE_MANIFEST_PATH) return PLATFORM_CALLERS;
    return byRoute.get(`${manifestMethod(method)} ${path}`) ?? DEFAULT_CALLERS;
  };
}
