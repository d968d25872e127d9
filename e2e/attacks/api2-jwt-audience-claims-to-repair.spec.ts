import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { env } from '../support/env.js';
import { stolenPartyToken } from '../support/party-tokens.js';
import { persona } from '../support/personas.js';

/**
 * The same replay one hop further: a compromised claims service replays the party token the
 * gateway minted for it (audience `claims`, carol's party) at the repair service. The audience
 * check refuses it at authentication; with it off, repair authenticates the caller and only the
 * route's scope check stops it (as in API2-JWT-AUD-001).
 */
attack(
  {
    id: 'API2-JWT-AUD-002',
    title: 'a party token minted for claims is replayed at repair',
    defense: 'jwt-audience',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-287',
    auditedBy: 'repair',
  },
  async () => {
    const carol = persona('carol');
    const token = await stolenPartyToken({
      sub: 'carol-sub',
      party: carol.party,
      aud: 'claims',
      scope: 'claims:read',
    });
    const response = await call<{ code?: string }>('GET', '/repair/orders', {
      base: env.repair,
      // Through the gateway's stolen certificate: claims' own is not on repair's allow-list
      // (defense mtls), and this attack is about the token.
      as: 'gateway',
      token,
      headers: { 'x-correlation-id': crypto.randomUUID() },
    });
    if (
      response.status === 200 ||
      (response.status === 403 && response.body.code === 'AUTH.INSUFFICIENT_SCOPE')
    ) {
      return {
        outcome: 'succeeded',
        status: response.status,
        evidence: 'repair authenticated a claims-audience token',
      };
    }
    if (response.status === 401 && response.body.code === 'AUTH.TOKEN_INVALID') {
      return {
        outcome: 'blocked',
        status: 401,
        correlationId: response.correlationId,
        evidence: 'audience mismatch refused',
      };
    }
    return {
      outcome: 'inconclusive',
      status: response.status,
      evidence: JSON.stringify(response.body),
    };
  },
);
