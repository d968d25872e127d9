import { randomBytes } from 'node:crypto';
import { config } from '../../config';
import type { TokenSet } from '../auth/oidc-client';
import {
  LoginTransactionSchema,
  openCookie,
  sealCookie,
  SessionSchema,
  type LoginTransaction,
  type Session,
} from './session-cookie';
import { loadOrCreateSessionKey } from './session-key';

/** A session lives as long as identity's login session (8 h); the access token inside is short. */
export const SESSION_TTL_SECONDS = 8 * 3600;
/** A login must finish within this time (the `cg_login` cookie's life). */
export const LOGIN_TTL_SECONDS = 10 * 60;

/** Cookie names: the `__Host-` prefix (Secure, no Domain, Path=/) wherever TLS allows it. */
export function cookieNames(): { session: string; login: string } {
  const prefix = config().secure ? '__Host-' : '';
  return { session: `${prefix}cg_session`, login: `${prefix}cg_login` };
}

/** Attributes of every cookie this app sets: never readable by script, never sent cross-site POST. */
export function cookieOptions(maxAge: number) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config().secure,
    path: '/',
    maxAge,
  };
}

let key: Promise<Uint8Array> | undefined;
function sessionKey(): Promise<Uint8Array> {
  key ??= loadOrCreateSessionKey(config().KEYS_DIR);
  return key;
}

/** Makes the key file exist at boot, before the first request needs it. */
export async function prepareSessionKey(): Promise<void> {
  await sessionKey();
}

/** A new session from a finished login, with a fresh CSRF synchronizer token. */
export function newSession(tokens: TokenSet): Session {
  return {
    ...tokens,
    csrfToken: randomBytes(32).toString('base64url'),
    loggedInAt: Math.floor(Date.now() / 1000),
  };
}

/** The session with the tokens of a refresh; everything else (CSRF token, login time) stays. */
export function refreshedSession(session: Session, tokens: TokenSet): Session {
  return { ...session, ...tokens };
}

/** The session as the value of the `cg_session` cookie (8 h). */
export async function sealSession(session: Session): Promise<string> {
  return sealCookie(session, await sessionKey(), 'session', SESSION_TTL_SECONDS);
}

/** The session of a `cg_session` cookie value, or undefined when absent, tampered or expired. */
export async function openSession(value: string | undefined): Promise<Session | undefined> {
  return openCookie(value, await sessionKey(), 'session', SessionSchema);
}

/** A login in progress as the value of the `cg_login` cookie (10 min). */
export async function sealLogin(transaction: LoginTransaction): Promise<string> {
  return sealCookie(transaction, await sessionKey(), 'login', LOGIN_TTL_SECONDS);
}

/** The login in progress of a `cg_login` cookie value, or undefined. */
export async function openLogin(value: string | undefined): Promise<LoginTransaction | undefined> {
  return openCookie(value, await sessionKey(), 'login', LoginTransactionSchema);
}
