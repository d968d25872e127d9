import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { fileClaim } from '../support/claims.js';
import { env } from '../support/env.js';
import { CLI_CLIENT, login, loginTokens } from '../support/personas.js';
import { replayAfterRevocation } from '../support/revocation.js';

/** Logs out the way a client does: RFC 7009 revocation of its refresh token, ending the grant. */
async function logout(refreshToken: string): Promise<boolean> {
  const discovery = (await (
    await fetch(`${env.identity}/.well-known/openid-configuration`)
  ).json()) as { revocation_endpoint: string };
  const response = await fetch(discovery.revocation_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      token: refreshToken,
      token_type_hint: 'refresh_token',
      client_id: CLI_CLIENT.clientId,
    }),
  });
  return response.ok;
}

/**
 * A user logs out, and the access token they held — still in the gateway's introspection cache,
 * because it was used a moment before — is replayed (stolen from a shared computer, a log, a
 * proxy). With `revocation` on, identity's `GrantRevoked` event makes the gateway drop every cached
 * introspection of that person, so the next request is introspected again and refused. With it
 * off, the cache keeps answering "active" until the entry expires (up to
 * `INTROSPECTION_CACHE_MAX_SECONDS`, 30 s by default). The replay is sent once the gateway's audit
 * trail shows it handled the event, so the verdict does not race a clock; how fast the event
 * arrives is bench/event-hop.mjs's business.
 */
attack(
  {
    id: 'API2-REVOCATION-001',
    title: 'a token used after logout, while the gateway still has it cached',
    defense: 'revocation',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-613',
    asvs: 'V3.3.1',
    blocked: '401 AUTH.TOKEN_INVALID',
    gain: "after the gateway handled GrantRevoked, the logged-out token still lists alice's claim, the one her own session lists",
    auditedBy: 'gateway',
    auditAction: 'token.rejected',
    attacker: 'alice',
  },
  async () => {
    // A claim of alice's own, so the gain is her data, compared with what she reads herself.
    const claimId = await fileClaim(await login('alice', 'claims:read claims:write'));
    const tokens = await loginTokens('alice', 'claims:read');
    const warm = await call('GET', '/api/claims', { token: tokens.access_token });
    if (warm.status !== 200)
      return { outcome: 'inconclusive', status: warm.status, evidence: 'the fresh token failed' };
    // The gateway's handling of the revocation this logout causes is written after this instant.
    const loggedOutFrom = Date.now();
    if (!tokens.refresh_token || !(await logout(tokens.refresh_token)))
      return { outcome: 'inconclusive', status: 0, evidence: 'logout (revocation) failed' };
    return replayAfterRevocation({
      token: tokens.access_token,
      victim: 'alice',
      claimId,
      revokedFrom: loggedOutFrom,
    });
  },
);
