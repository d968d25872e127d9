import { forbidden, notFound, redirect } from 'next/navigation';
import type { PartyKind } from '@claimguard/contracts';
import type { GatewayError } from './gateway/gateway-error';
import type { Session } from './session/session-cookie';
import { requireSession } from './session/current-session';

/** Where each party kind's portal lives; kinds without one land on their account page. */
export const PORTAL_PATHS: Partial<Record<PartyKind, string>> = {
  member: '/member',
  tow_operator: '/tow',
  rental_agent: '/rental',
  repair_shop: '/repair',
  adjuster: '/adjuster',
  service_rep: '/service',
  instructor: '/instructor',
};

/** The home of a signed-in person. */
export function portalPath(kind: PartyKind): string {
  return PORTAL_PATHS[kind] ?? '/account';
}

/** The session of a person of `kind`, a redirect to sign in, or the 403 page for anyone else. */
export async function requirePortal(kind: PartyKind): Promise<Session> {
  const session = await requireSession();
  if (session.party.kind !== kind) forbidden();
  return session;
}

/**
 * The sign-in that answers a step-up challenge: identity re-authenticates (password and
 * authenticator code) and the browser comes back to `returnTo` to try again.
 */
export function stepUpLoginPath(
  stepUp: NonNullable<GatewayError['stepUp']>,
  returnTo: string,
): string {
  const query = new URLSearchParams({ step_up: '1', return: returnTo });
  if (stepUp.acrValues) query.set('acr_values', stepUp.acrValues);
  if (stepUp.maxAge !== undefined) query.set('max_age', String(stepUp.maxAge));
  return `/auth/login?${query.toString()}`;
}

/** A gateway refusal right after a login is not fixed by logging in again: stop the loop. */
const FRESH_LOGIN_SECONDS = 15;

/**
 * Turns the gateway's 401, 403 and 404 into what a person expects: sign in again, the forbidden
 * page, the not-found page. Returns the error for the page to show in words otherwise.
 */
export function handleGatewayError(
  session: Session,
  error: GatewayError,
  returnTo = '/portal',
): GatewayError {
  if (error.stepUp) redirect(stepUpLoginPath(error.stepUp, returnTo));
  if (error.status === 401) {
    const fresh = Date.now() / 1000 - session.loggedInAt < FRESH_LOGIN_SECONDS;
    if (!fresh) redirect('/auth/login');
  }
  if (error.status === 403) forbidden();
  if (error.status === 404) notFound();
  return error;
}
