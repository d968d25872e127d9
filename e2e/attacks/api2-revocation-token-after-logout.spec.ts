import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { gatewayHandledRevocation } from '../support/audit.js';
import { env } from '../support/env.js';
import { CLI_CLIENT, loginTokens, subOf } from '../support/personas.js';

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
    gain: "the logged-out token keeps reading alice's claim list (200) after the gateway received the GrantRevoked event",
    auditedBy: 'gateway',
    auditAction: 'token.rejected',
    attacker: 'alice',
  },
  async () => {
    const tokens = await loginTokens('alice', 'claims:read');
    const warm = await call('GET', '/api/claims', { token: tokens.access_token });
    if (warm.status !== 200)
      return { outcome: 'inconclusive', status: warm.status, evidence: 'the fresh token failed' };
    // The gateway's handling of the revocation this logout causes is written after this instant.
    const loggedOutFrom = Date.now();
    if (!tokens.refresh_token || !(await logout(tokens.refresh_token)))
      return { outcome: 'inconclusive', status: 0, evidence: 'logout (revocation) failed' };
    await gatewayHandledRevocation(await subOf('alice'), loggedOutFrom);

    const replay = await call<{ items?: unknown[] }>('GET', '/api/claims', {
      token: tokens.access_token,
    });
    if (replay.status === 401) {
      return {
        outcome: 'blocked',
        status: 401,
        correlationId: replay.correlationId,
        evidence: 'the logged-out token was refused once the gateway had the GrantRevoked event',
      };
    }
    if (replay.status === 200 && Array.isArray(replay.body.items)) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `after the gateway had the GrantRevoked event, the logged-out token still read ${replay.body.items.length} of alice's claims`,
      };
    }
    return {
      outcome: 'inconclusive',
      status: replay.status,
      evidence: JSON.stringify(replay.body),
    };
  },
);
