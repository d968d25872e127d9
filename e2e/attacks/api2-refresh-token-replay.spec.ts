import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { fileClaim } from '../support/claims.js';
import { env } from '../support/env.js';
import { CLI_CLIENT, login, loginTokens } from '../support/personas.js';
import { replayAfterRevocation } from '../support/revocation.js';

async function refresh(refreshToken: string) {
  const response = await fetch(`${env.identity}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: CLI_CLIENT.clientId,
    }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { access_token?: string; error?: string },
  };
}

/**
 * A refresh token is stolen and the thief uses it first: identity rotates it and hands the thief
 * fresh tokens, which the thief uses at once (now cached at the gateway). When the rightful client
 * later refreshes with the (now rotated) token, identity sees the reuse and revokes the whole
 * grant, and publishes `GrantRevoked`. With `revocation` on, the gateway drops its cache of that
 * person and the thief's access token dies; with it off, the cached token keeps working. The
 * thief's replay is sent once the gateway's audit trail shows it handled the event.
 */
attack(
  {
    id: 'API2-REFRESH-001',
    title: "a rotated refresh token replayed: the thief's tokens must die with the grant",
    defense: 'revocation',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-613',
    asvs: 'V3.3.1',
    blocked: '400 invalid_grant, then 401 for the whole grant',
    gain: "after the gateway handled GrantRevoked, the thief's token still lists bob's claim, the one bob's own session lists",
    auditedBy: 'gateway',
    auditAction: 'token.rejected',
    attacker: 'bob',
  },
  async () => {
    // A claim of bob's own, so the thief's gain is his data, compared with what bob reads himself.
    const claimId = await fileClaim(await login('bob', 'claims:read claims:write'));
    const victim = await loginTokens('bob', 'claims:read');
    if (!victim.refresh_token)
      return { outcome: 'inconclusive', status: 0, evidence: 'no refresh token issued' };
    const stolen = await refresh(victim.refresh_token);
    if (stolen.status !== 200 || !stolen.body.access_token)
      return { outcome: 'inconclusive', status: stolen.status, evidence: 'thief refresh failed' };
    const thiefToken = stolen.body.access_token;
    const warm = await call('GET', '/api/claims', { token: thiefToken });
    if (warm.status !== 200)
      return { outcome: 'inconclusive', status: warm.status, evidence: 'thief token failed' };

    // The gateway's handling of the revocation this reuse causes is written after this instant.
    const reusedFrom = Date.now();
    const reuse = await refresh(victim.refresh_token);
    if (reuse.status !== 400 || reuse.body.error !== 'invalid_grant') {
      return {
        outcome: 'inconclusive',
        status: reuse.status,
        evidence: `identity did not detect the reuse: ${JSON.stringify(reuse.body)}`,
      };
    }
    return replayAfterRevocation({
      token: thiefToken,
      victim: 'bob',
      claimId,
      revokedFrom: reusedFrom,
    });
  },
);
