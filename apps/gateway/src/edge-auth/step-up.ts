import type { DefenseSwitches } from '@claimguard/config';
import { ACR_MFA, isMfa, type RouteSpec } from '@claimguard/contracts';
import { audit, type Logger } from '@claimguard/observability';
import { GatewayError } from '../errors/gateway.error.js';
import type { Caller } from './caller.js';
import { bearerChallenge } from './www-authenticate.js';

/**
 * A route whose manifest says `mfa: true` needs a token from an MFA login (acr
 * `urn:claimguard:acr:mfa` with amr `otp`). Otherwise 401 with RFC 9470's
 * `insufficient_user_authentication` challenge naming `acr_values`, so the client can send the
 * user back to identity for the second factor (defense `step-up`). With the defense off
 * (training) the request passes and the hole is audited.
 * @example assertRouteAuthentication(caller, route, { switches, log, correlationId });
 */
export function assertRouteAuthentication(
  caller: Caller,
  route: RouteSpec,
  context: { switches: DefenseSwitches; log: Logger; correlationId: string },
): void {
  if (!route.mfa || isMfa(caller)) return;
  const reason = `${route.method} ${route.path} needs an MFA login; token acr ${caller.acr ?? 'none'}`;
  if (!context.switches.isOn('step-up')) {
    audit(context.log, {
      action: 'defense.off',
      defense: 'step-up',
      correlationId: context.correlationId,
      sub: caller.sub,
      party: caller.party,
      reason: `${reason} (defense step-up is off)`,
    });
    return;
  }
  throw new GatewayError('AUTH.STEP_UP_REQUIRED', 'This route needs a multi-factor sign-in', {
    wwwAuthenticate: bearerChallenge({
      error: 'insufficient_user_authentication',
      description: 'A multi-factor authentication is required',
      acrValues: ACR_MFA,
    }),
    audit: { reason, defense: 'step-up', sub: caller.sub, party: caller.party },
  });
}
