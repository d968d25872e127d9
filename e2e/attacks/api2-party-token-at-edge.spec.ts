import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { stolenPartyToken } from '../support/party-tokens.js';
import { persona } from '../support/personas.js';

/**
 * Party tokens are internal credentials. One lifted from a compromised service is replayed at the
 * public edge as if it were a client token.
 */
attack(
  {
    id: 'API2-PARTY-EDGE-001',
    title: 'a stolen party token is replayed at the gateway',
    defense: 'party-token',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-294',
    asvs: 'V3.5.3',
    blocked: '401 AUTH.TOKEN_INVALID',
    gain: "the gateway answers a replayed internal party token with 200 and a jobs list (the items are not checked to be dave's)",
    auditedBy: 'gateway',
    auditAction: 'token.rejected',
    attacker: 'dave',
  },
  async () => {
    const dave = persona('dave');
    const token = await stolenPartyToken({
      sub: 'dave-sub',
      party: dave.party,
      aud: 'towing',
      scope: 'towing:read',
    });
    const response = await call<{ items?: unknown[] }>('GET', '/api/towing/jobs', { token });
    if (response.status === 200 && Array.isArray(response.body.items)) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: "the gateway served dave's jobs to a replayed party token",
      };
    }
    if (response.status === 401) {
      return {
        outcome: 'blocked',
        status: 401,
        correlationId: response.correlationId,
        evidence: 'refused at the edge',
      };
    }
    return {
      outcome: 'inconclusive',
      status: response.status,
      evidence: JSON.stringify(response.body),
    };
  },
);
