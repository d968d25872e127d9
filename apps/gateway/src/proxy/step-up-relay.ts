import { ACR_MFA } from '@claimguard/contracts';
import { bearerChallenge } from '../edge-auth/www-authenticate.js';
import { GatewayError } from '../errors/gateway.error.js';
import type { UpstreamResponse } from './upstream.client.js';

interface StepUpBody {
  code?: unknown;
  details?: { path?: unknown; message?: unknown }[];
}

/**
 * A service that needs a fresher or stronger login answers 401 `AUTH.STEP_UP_REQUIRED` with
 * `details` `acr_values` and `max_age` (claims' $5,000 rule). Services cannot set response
 * headers through the gateway, so the gateway turns that answer into the RFC 9470 §3 challenge:
 * `WWW-Authenticate: Bearer error="insufficient_user_authentication", acr_values=…, max_age=…`.
 * Any other answer passes unchanged.
 */
export function relayStepUp(upstream: UpstreamResponse): void {
  if (upstream.status !== 401 || !upstream.contentType?.includes('json')) return;
  let body: StepUpBody;
  try {
    body = JSON.parse(upstream.body.toString('utf8')) as StepUpBody;
  } catch {
    return;
  }
  if (body.code !== 'AUTH.STEP_UP_REQUIRED') return;
  const detail = (name: string) =>
    body.details?.find((d) => d.path === name && typeof d.message === 'string')?.message as
      string | undefined;
  const maxAge = detail('max_age');
  // Only the one class identity can deliver is ever named, whatever the body says.
  const acrValues = ACR_MFA;
  throw new GatewayError(
    'AUTH.STEP_UP_REQUIRED',
    'This action needs a recent multi-factor sign-in',
    {
      wwwAuthenticate: bearerChallenge({
        error: 'insufficient_user_authentication',
        description: 'A more recent multi-factor authentication is required',
        acrValues,
        ...(maxAge && /^\d{1,6}$/.test(maxAge) ? { maxAge: Number(maxAge) } : {}),
      }),
      audit: {
        reason: `the service asked for a step-up (max_age ${maxAge ?? 'none'})`,
        defense: 'step-up',
      },
    },
  );
}
