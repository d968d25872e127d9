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

/**
 * Logs `username` in the way a client does: authorization code + PKCE (S256) through identity's
 * real login form over HTTP. Returns the access token the client would hold.
 */
export async function login(username: string, scope: string): Promise<string> {
  return (await loginTokens(username, scope)).access_token;
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
