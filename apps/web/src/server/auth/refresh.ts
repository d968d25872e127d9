import { createHash } from 'node:crypto';
import { ResponseBodyError } from 'oauth4webapi';
import type { Session } from '../session/session-cookie';
import { refreshedSession } from '../session/session';
import { refreshTokens } from './oidc-client';

/** Refresh this long before expiry, so a token never expires between proxy and gateway. */
const EARLY_SECONDS = 30;
/** How long the result of one refresh answers requests that still carry the old cookie. */
const REUSE_WINDOW_MS = 30_000;

const inFlight = new Map<string, { result: Promise<Session>; at: number }>();

/** True when the session's access token is expired or about to. */
export function needsRefresh(session: Session, nowSeconds = Date.now() / 1000): boolean {
  return session.accessTokenExpiresAt - EARLY_SECONDS <= nowSeconds;
}

/**
 * Refreshes the session's tokens once per refresh token. Identity rotates refresh tokens and treats
 * reuse as theft (the whole grant is revoked), so parallel requests of one browser — which all carry
 * the same old cookie — must share a single refresh instead of each sending the old token.
 * @throws the OAuth error when identity refuses the refresh (expired, revoked, reused).
 */
export function refreshSession(session: Session): Promise<Session> {
  const refreshToken = session.refreshToken;
  if (!refreshToken) return Promise.reject(new Error('the session holds no refresh token'));
  const id = createHash('sha256').update(refreshToken).digest('base64url');
  const now = Date.now();
  for (const [k, v] of inFlight) if (now - v.at > REUSE_WINDOW_MS) inFlight.delete(k);
  const existing = inFlight.get(id);
  if (existing) return existing.result;
  const result = refreshTokens(refreshToken, session).then((tokens) =>
    refreshedSession(session, tokens),
  );
  inFlight.set(id, { result, at: now });
  result.catch(() => inFlight.delete(id));
  return result;
}

/**
 * Whether a failed refresh ends the session: only when identity refused the grant itself
 * (`invalid_grant`: expired, revoked or reused refresh token). A 429, a 5xx or identity being away
 * says nothing about the session — it stays, and the next request tries again — so nobody can sign
 * everyone out by exhausting identity's budget.
 */
export function refreshEndsSession(error: unknown): boolean {
  return error instanceof ResponseBodyError && error.error === 'invalid_grant';
}
