import { manifestMethod, type RouteManifest, type RouteSpec } from '@claimguard/contracts';

/**
 * Finds the manifest route for `method` + service-side `path`. Literal segments must be equal,
 * `:param` matches exactly one non-empty segment, and nothing else matches: an unlisted method on
 * a listed path (GET-only route asked with PUT) is no route at all, and neither is a route marked
 * `internal`. HEAD finds the GET route of the path (its scopes and callers). Returns undefined when denied.
 * @example matchRoute(manifest, 'GET', '/claims/7d1c…') // { method: 'GET', path: '/claims/:id', … }
 */
export function matchRoute(
  manifest: RouteManifest,
  method: string,
  path: string,
): RouteSpec | undefined {
  const wanted = path.split('/');
  const upper = manifestMethod(method);
  // Literal routes win over parameter routes (`/claims/mine` before `/claims/:id`).
  let paramMatch: RouteSpec | undefined;
  for (const route of manifest.routes) {
    // An internal (east-west) route is never reachable through the gateway.
    if (route.method !== upper || route.internal) continue;
    const result = compare(route.path.split('/'), wanted);
    if (result === 'literal') return route;
    if (result === 'param') paramMatch ??= route;
  }
  return paramMatch;
}

function compare(pattern: string[], actual: string[]): 'literal' | 'param' | 'none' {
  if (pattern.length !== actual.length) return 'none';
  let usedParam = false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const a = actual[i] as string;
    if (p.startsWith(':')) {
      if (a === '') return 'none';
      usedParam = true;
    } else if (p !== a) {
      return 'none';
    }
  }
  return usedParam ? 'param' : 'literal';
}

/**
 * True when every route of the manifest lives under `/<service>`: a service may not publish routes
 * in another service's namespace.
 */
export function routesStayInNamespace(manifest: RouteManifest): boolean {
  const prefix = `/${manifest.service}`;
  return manifest.routes.every((r) => r.path === prefix || r.path.startsWith(`${prefix}/`));
}
