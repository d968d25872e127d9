import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { env } from '../support/env.js';
import { CLI_CLIENT, loginTokens } from '../support/personas.js';

/** Logs out the way a client does: revokes its tokens at identity (RFC 7009). */
async function logout(tokens: { access_token: string; refresh_token?: string }): Promise<boolean> {
  const discovery = (await (
    await fetch(`${env.identity}/.well-known/openid-configuration`)
  ).json()) as {
    revocation_endpoint: string;
  };
  const revoke = (token: string, hint: string) =>
    fetch(discovery.revocation_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: hint, client_id: CLI_CLIENT.clientId }),
    });
  // A self-contained (JWT) access token cannot be revoked at all — identity answers 400 — which is
  // the point of this scenario; revoking the refresh token ends the grant behind both.
  await revoke(tokens.access_token, 'access_token');
  if (!tokens.refresh_token) return false;
  return (await revoke(tokens.refresh_token, 'refresh_token')).ok;
}

/**
 * A user logs out, and the access token they held is used again (stolen from a shared computer, a
 * log, a proxy). With phantom tokens the gateway asks identity about every uncached token and
 * learns the grant is gone; with self-contained JWT access tokens verified locally, the token
 * keeps working until it expires.
 */
attack(
  {
    id: 'API2-PHANTOM-001',
    title: 'an access token keeps working after the user logged out',
    defense: 'phantom-token',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-613',
    asvs: 'V3.5.2',
    blocked: '401 AUTH.TOKEN_INVALID',
    gain: 'the logged-out access token still gets 200 from the claims list (status alone; no claim content compared)',
    auditedBy: 'gateway',
    auditAction: 'token.rejected',
    attacker: 'alice',
  },
  async () => {
    const tokens = await loginTokens('alice', 'claims:read');
    if (!(await logout(tokens)))
      return { outcome: 'inconclusive', status: 0, evidence: 'logout (revocation) failed' };

    const response = await call<unknown>('GET', '/api/claims', { token: tokens.access_token });
    if (response.status === 200) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: 'the logged-out token still reads claims',
      };
    }
    if (response.status === 401) {
      return {
        outcome: 'blocked',
        status: 401,
        correlationId: response.correlationId,
        evidence: 'logged-out token refused',
      };
    }
    return {
      outcome: 'inconclusive',
      status: response.status,
      evidence: JSON.stringify(response.body),
    };
  },
);
