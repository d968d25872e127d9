import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { env } from '../support/env.js';
import { CLI_CLIENT, loginTokens } from '../support/personas.js';

/** How soon after logout the token must stop working (issue 4: "within 1 s"). */
const DEADLINE_MS = 1_000;

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
 * introspection of that person, so the next request is introspected again and refused within 1 s.
 * With it off, the cache keeps answering "active" until the entry expires (up to
 * `INTROSPECTION_CACHE_MAX_SECONDS`, 30 s by default).
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
    gain: 'the logged-out token keeps reading claims (200) past the revocation deadline after logout',
    auditedBy: 'gateway',
    auditAction: 'token.rejected',
    attacker: 'alice',
  },
  async () => {
    const tokens = await loginTokens('alice', 'claims:read');
    const warm = await call('GET', '/api/claims', { token: tokens.access_token });
    if (warm.status !== 200)
      return { outcome: 'inconclusive', status: warm.status, evidence: 'the fresh token failed' };
    if (!tokens.refresh_token || !(await logout(tokens.refresh_token)))
      return { outcome: 'inconclusive', status: 0, evidence: 'logout (revocation) failed' };
    const loggedOutAt = Date.now();

    // Replay until the deadline: refused in time = blocked; still served after it = succeeded.
    for (;;) {
      const replay = await call('GET', '/api/claims', { token: tokens.access_token });
      const elapsed = Date.now() - loggedOutAt;
      if (replay.status === 401) {
        if (elapsed > DEADLINE_MS + 250) {
          return {
            outcome: 'inconclusive',
            status: 401,
            evidence: `refused only ${elapsed} ms after logout (deadline ${DEADLINE_MS} ms)`,
          };
        }
        return {
          outcome: 'blocked',
          status: 401,
          correlationId: replay.correlationId,
          evidence: `logged-out token refused ${elapsed} ms after logout`,
        };
      }
      if (replay.status !== 200) {
        return {
          outcome: 'inconclusive',
          status: replay.status,
          evidence: JSON.stringify(replay.body),
        };
      }
      if (elapsed > DEADLINE_MS) {
        return {
          outcome: 'succeeded',
          status: 200,
          evidence: `the logged-out token still reads claims ${elapsed} ms after logout`,
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  },
);
