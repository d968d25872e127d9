import {
  authorize,
  exchangeCode,
  type AuthorizeOutcome,
  type OidcTokens,
} from '@claimguard/testing';
import type { AttackResult } from './attack.js';
import { call } from './api.js';
import { env } from './env.js';
import { recordIssued } from './issued-secrets.js';
import { CLI_CLIENT, login, persona, signInSource } from './personas.js';

/**
 * OAuth attacks on identity (the authorization server) as the public CLI client, which anyone can
 * be: the attacker builds the authorization link, the victim signs in, and whatever comes back to
 * the redirect_uri is the attacker's.
 */
export interface AuthorizationAttempt {
  /** The redirect_uri of the attacker's link (default: the registered one). */
  redirectUri?: string;
  /** No code_challenge at all (attack on `pkce`). */
  withoutPkce?: boolean;
  extraParams?: Record<string, string>;
}

/** The victim of every OAuth scenario: a member without MFA (a fresh sign-in per run). */
export const VICTIM = 'alice';

/**
 * Sends the attacker's authorization request once, by hand, and tells whether identity refused it
 * outright: a 400 page (redirect_uri) or a redirect to the client carrying `error` (PKCE). Returns
 * undefined when identity went on to the sign-in (the attack may proceed).
 */
export async function refusedAuthorization(
  attempt: AuthorizationAttempt,
): Promise<AttackResult | undefined> {
  const url = new URL(`${env.identity}/auth`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLI_CLIENT.clientId,
    redirect_uri: attempt.redirectUri ?? CLI_CLIENT.redirectUri,
    scope: 'openid claims:read',
    state: 'attacker',
    ...(attempt.withoutPkce
      ? {}
      : {
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        }),
    ...attempt.extraParams,
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  const correlationId = response.headers.get('x-correlation-id');
  const location = response.headers.get('location');
  if (response.status === 400) {
    const page = await response.text();
    return {
      outcome: 'blocked',
      status: 400,
      correlationId,
      evidence: `identity answered the authorization request with a 400 page${
        /redirect_uri/.test(page) ? ' naming the redirect_uri' : ''
      }; no code was sent`,
    };
  }
  const error = location ? new URL(location, env.identity).searchParams.get('error') : null;
  if (error) {
    return {
      outcome: 'blocked',
      status: response.status,
      correlationId,
      evidence: `identity redirected back with error=${error}, no code`,
    };
  }
  return undefined;
}

/** The victim signs in through the attacker's link; the outcome is what reaches the redirect_uri. */
export async function victimSignsIn(attempt: AuthorizationAttempt): Promise<AuthorizeOutcome> {
  return authorize({
    issuer: env.identity,
    clientId: CLI_CLIENT.clientId,
    redirectUri: attempt.redirectUri ?? CLI_CLIENT.redirectUri,
    username: VICTIM,
    password: persona(VICTIM).password,
    scope: 'openid claims:read',
    source: signInSource(),
    ...(attempt.withoutPkce ? { withoutPkce: true } : {}),
    ...(attempt.extraParams ? { extraParams: attempt.extraParams } : {}),
  });
}

/** Redeems a code as the (public) CLI client; the error is returned, never thrown. */
export async function redeem(
  redirectUri: string,
  code: { code: string; verifier: string },
): Promise<{ tokens: OidcTokens } | { error: string }> {
  try {
    const tokens = await exchangeCode(
      { issuer: env.identity, clientId: CLI_CLIENT.clientId, redirectUri },
      code,
    );
    // The victim's stolen tokens must not show up in any log either (e2e/logs).
    recordIssued('access_token', tokens.access_token);
    if (tokens.refresh_token) recordIssued('refresh_token', tokens.refresh_token);
    return { tokens };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** What stolen tokens read: the gateway's status, and whether it served the victim's own claim. */
export interface VictimRead {
  status: number;
  /** True when a claim the stolen token read is the victim's, as she reads it herself. */
  victims: boolean;
  /** How many claims the stolen token listed. */
  count: number;
}

/**
 * Proof that stolen tokens are the victim's: the first claim on the list they read through the
 * gateway, read with them and with a session of the victim's own — the same claim and the same VIN
 * both ways is her data in the attacker's hands. (One claim, not the whole list: other workers file
 * claims as the victim meanwhile, so two lists read a moment apart may differ.)
 */
export async function readAsVictim(tokens: OidcTokens): Promise<VictimRead> {
  const stolen = await call<{ items?: { id: string }[] }>('GET', '/api/claims', {
    token: tokens.access_token,
  });
  const first = stolen.body.items?.[0]?.id;
  if (stolen.status !== 200 || !first) return { status: stolen.status, victims: false, count: 0 };
  type Read = { id?: string; vehicle?: { vin?: string } };
  const [theirs, own] = await Promise.all([
    call<Read>('GET', `/api/claims/${first}`, { token: tokens.access_token }),
    call<Read>('GET', `/api/claims/${first}`, { token: await login(VICTIM, 'claims:read') }),
  ]);
  const victims =
    theirs.status === 200 &&
    own.status === 200 &&
    theirs.body.id === first &&
    !!own.body.vehicle?.vin &&
    theirs.body.vehicle?.vin === own.body.vehicle.vin;
  return { status: 200, victims, count: stolen.body.items?.length ?? 0 };
}
