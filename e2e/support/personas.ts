import { DEMO_PERSONAS } from '@claimguard/contracts';
import { E2E_SIGN_IN_BUDGET, oidcLogin, refreshTokens, type OidcTokens } from '@claimguard/testing';
import { env } from './env.js';
import { recordIssued } from './issued-secrets.js';

export const CLI_CLIENT = {
  clientId: 'claimguard-cli',
  redirectUri: 'http://127.0.0.1:8765/callback',
};

/** The demo persona record for `username` (party, password). */
export function persona(username: string) {
  const found = DEMO_PERSONAS.find((p) => p.username === username);
  if (!found) throw new Error(`no demo persona ${username}`);
  return found;
}

/**
 * Where this worker's sign-ins leave from. Identity limits sign-in posts and `/token` requests per
 * client address and minute; a suite that signed in from 127.0.0.1 passed or failed by how fast the
 * machine ran it. Instead every worker process signs in from addresses of its own
 * (`127.100.<worker>.<n>`, never one an attack binds: those are 127.0.0.x) and moves to the next
 * `n` before an address has spent {@link E2E_SIGN_IN_BUDGET} — over the whole run, not per minute.
 * No address can ever fill a window of the stack's limits (libs/testing `E2E_IDENTITY_RATE_LIMITS`),
 * on any machine. Attacks on the limits themselves post from their own addresses.
 */
const ledger = { host: 1, loginPosts: 0, tokenRequests: 0 };

/** Most sign-in posts one login can make: the password, then up to three TOTP codes. */
const POSTS_PER_LOGIN = 4;

function workerOctet(): number {
  // Playwright numbers worker processes from 0 within a run (a restarted worker gets a new index).
  const index = Number(process.env.TEST_WORKER_INDEX ?? '0');
  if (!Number.isInteger(index) || index < 0 || index > 254) {
    throw new Error(`worker index ${String(process.env.TEST_WORKER_INDEX)} out of range`);
  }
  return index;
}

/**
 * Reserves one login's worth of this worker's sign-in budget and returns the address to send it
 * from (the next address once the current one has spent its budget).
 * @example await authorize({ ...options, source: signInSource() });
 */
export function signInSource(): string {
  if (
    ledger.loginPosts + POSTS_PER_LOGIN > E2E_SIGN_IN_BUDGET.loginPosts ||
    ledger.tokenRequests + 1 > E2E_SIGN_IN_BUDGET.tokenRequests
  ) {
    ledger.host += 1;
    ledger.loginPosts = 0;
    ledger.tokenRequests = 0;
    if (ledger.host > 254) throw new Error('this worker ran out of sign-in source addresses');
  }
  ledger.loginPosts += POSTS_PER_LOGIN;
  ledger.tokenRequests += 1;
  return `127.100.${workerOctet()}.${ledger.host}`;
}

/** Access tokens this worker holds per persona and scope (see {@link login}). */
const sessions = new Map<string, { tokens: Promise<OidcTokens>; at: number }>();

/**
 * How long a worker reuses a persona's sign-in: well inside the test stack's 300 s access-token
 * life (a test may use a token for up to its 60 s timeout), and under the 5 minutes within which an
 * MFA sign-in counts as recent for the $5,000 step-up rule.
 */
const SESSION_REUSE_MS = 120_000;

/**
 * The access token `username` holds for `scope`, signed in the way a client does — authorization
 * code + PKCE (S256) through identity's real login form over HTTP, TOTP answered for MFA personas —
 * once per worker and reused for two minutes, as a real client keeps its session. A test that needs
 * a session of its own (to log it out, refresh or revoke it, or to prove a sign-in works) calls
 * {@link loginTokens}.
 */
export async function login(username: string, scope: string): Promise<string> {
  const key = `${username} ${scope}`;
  const held = sessions.get(key);
  if (held && Date.now() - held.at < SESSION_REUSE_MS) return (await held.tokens).access_token;
  const tokens = loginTokens(username, scope);
  sessions.set(key, { tokens, at: Date.now() });
  tokens.catch(() => sessions.delete(key));
  return (await tokens).access_token;
}

/**
 * A fresh sign-in of its own (never shared with other tests), returning every token the client
 * received (access, refresh, ID). MFA personas (carol, olga) answer the TOTP step with their
 * documented demo secret.
 */
export async function loginTokens(username: string, scope: string): Promise<OidcTokens> {
  const { totpSecret } = persona(username);
  const tokens = await oidcLogin({
    issuer: env.identity,
    clientId: CLI_CLIENT.clientId,
    redirectUri: CLI_CLIENT.redirectUri,
    username,
    password: persona(username).password,
    scope: `openid ${scope}`.trim(),
    source: signInSource(),
    ...(totpSecret ? { totpSecret } : {}),
  });
  // The log scan at the end of the run looks for these exact values in every app's log.
  recordIssued('access_token', tokens.access_token);
  if (tokens.refresh_token) recordIssued('refresh_token', tokens.refresh_token);
  if (tokens.id_token) recordIssued('id_token', tokens.id_token);
  return tokens;
}

/**
 * Renews a session of the CLI client with its refresh token, from this worker's sign-in addresses
 * (a `/token` request like any other), recording the new tokens for the log scan like a sign-in.
 */
export async function refreshedTokens(refreshToken: string): Promise<OidcTokens> {
  const tokens = await refreshTokens(
    { issuer: env.identity, clientId: CLI_CLIENT.clientId, source: signInSource() },
    refreshToken,
  );
  recordIssued('access_token', tokens.access_token);
  if (tokens.refresh_token) recordIssued('refresh_token', tokens.refresh_token);
  if (tokens.id_token) recordIssued('id_token', tokens.id_token);
  return tokens;
}

/** Each persona's `sub` at identity, learnt once per worker (see {@link subOf}). */
const subs = new Map<string, Promise<string>>();

/**
 * The persona's real `sub` (identity's user id), read from the ID token of a sign-in — what audit
 * lines and the workshop scoreboard name a person by when they know no party.
 */
export function subOf(username: string): Promise<string> {
  let known = subs.get(username);
  if (!known) {
    known = loginTokens(username, '').then(({ id_token: idToken }) => {
      const payload = idToken?.split('.')[1];
      const sub = payload
        ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }).sub
        : undefined;
      if (typeof sub !== 'string') throw new Error(`no sub in ${username}'s ID token`);
      return sub;
    });
    subs.set(username, known);
    known.catch(() => subs.delete(username));
  }
  return known;
}
