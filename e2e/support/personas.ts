import { DEMO_PERSONAS } from '@claimguard/contracts';
import { oidcLogin, type OidcTokens } from '@claimguard/testing';
import { env } from './env.js';

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

/** MFA personas' access tokens of this worker, reused for a while (see {@link login}). */
const mfaTokens = new Map<string, { token: Promise<string>; at: number }>();
/** Well inside the test stack's 300 s access-token life. */
const MFA_TOKEN_REUSE_MS = 120_000;

/**
 * Logs `username` in the way a client does: authorization code + PKCE (S256) through identity's
 * real login form over HTTP. Returns the access token the client would hold. An MFA persona's
 * token is reused by this worker for two minutes: a TOTP code is good once, so identity allows
 * only about one sign-in per 30 s step, and many tests act as carol.
 */
export async function login(username: string, scope: string): Promise<string> {
  if (!persona(username).totpSecret) return (await loginTokens(username, scope)).access_token;
  const key = `${username} ${scope}`;
  const held = mfaTokens.get(key);
  if (held && Date.now() - held.at < MFA_TOKEN_REUSE_MS) return held.token;
  const token = loginTokens(username, scope).then((t) => t.access_token);
  mfaTokens.set(key, { token, at: Date.now() });
  token.catch(() => mfaTokens.delete(key));
  return token;
}

/**
 * Like {@link login}, returning every token the client received (access, refresh, ID). MFA
 * personas (carol, olga) answer the TOTP step with their documented demo secret.
 */
export async function loginTokens(username: string, scope: string): Promise<OidcTokens> {
  const { totpSecret } = persona(username);
  return oidcLogin({
    issuer: env.identity,
    clientId: CLI_CLIENT.clientId,
    redirectUri: CLI_CLIENT.redirectUri,
    username,
    password: persona(username).password,
    scope: `openid ${scope}`,
    ...(totpSecret ? { totpSecret } : {}),
  });
}
