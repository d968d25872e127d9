import type { RouteSpec } from '@claimguard/contracts';
import { GatewayError } from '../errors/gateway.error.js';
import type { Caller } from './caller.js';
import { bearerChallenge } from './www-authenticate.js';

/** The route's required scopes the caller does not hold (all are required). */
export function missingScopes(held: readonly string[], required: readonly string[]): string[] {
  return required.filter((scope) => !held.includes(scope));
}

/**
 * Refuses with 403 `insufficient_scope` (RFC 6750 §3.1) unless the caller holds every scope the
 * route requires. The challenge names the required scopes so a client can ask for them.
 */
export function assertScopes(caller: Caller, route: RouteSpec): void {
  const missing = missingScopes(caller.scopes, route.scopes);
  if (missing.length === 0) return;
  const scope = route.scopes.join(' ');
  throw new GatewayError('AUTH.INSUFFICIENT_SCOPE', `This route requires the scope(s): ${scope}`, {
    wwwAuthenticate: bearerChallenge({ error: 'insufficient_scope', scope }),
    audit: {
      reason: `missing scope(s) ${missing.join(' ')} for ${route.method} ${route.path}`,
      defense: 'bfla',
      sub: caller.sub,
      party: caller.party,
    },
  });
}
