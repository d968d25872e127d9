import { API_SCOPES, type RouteSpec } from '@claimguard/contracts';

const KNOWN_SCOPES: ReadonlySet<string> = new Set(API_SCOPES);

/**
 * TRAINING ONLY (defense `inventory` off, refused in production): the route the gateway makes up
 * for a request no manifest lists — a shadow or zombie API reached through the edge. With no route
 * to narrow by, the party token carries every scope the caller holds for that service (what a
 * "catch-all" proxy rule forwards), so the service's own scope guard sees a plausible caller.
 * @example shadowRoute('claims', 'GET', '/claims/v0/export', ['claims:read', 'towing:read'])
 *   // { method: 'GET', path: '/claims/v0/export', scopes: ['claims:read'] }
 */
export function shadowRoute(
  service: string,
  method: string,
  servicePath: string,
  callerScopes: readonly string[],
): RouteSpec {
  const scopes = callerScopes.filter(
    (scope) => KNOWN_SCOPES.has(scope) && scope.startsWith(`${service}:`),
  ) as RouteSpec['scopes'];
  return { method: method.toUpperCase() as RouteSpec['method'], path: servicePath, scopes };
}
