import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { env } from '../support/env.js';
import { stolenPartyToken } from '../support/party-tokens.js';
import { persona } from '../support/personas.js';

/**
 * A compromised towing service replays a party token it was given (audience `towing`, dave's
 * party, scope narrowed to `towing:read`) against the claims service. The audience check refuses
 * it at authentication. With the check off, claims accepts the token as proof of who is calling —
 * the attack succeeds at authentication — and only the next layer (the route's scope check) stops
 * it: defense in depth, which the workshop discusses. Success is therefore measured as "claims
 * authenticated the caller", i.e. the answer is no longer 401.
 */
attack(
  {
    id: 'API2-JWT-AUD-001',
    title: 'a party token minted for towing is replayed at claims',
    defense: 'jwt-audience',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-287',
    auditedBy: 'claims',
  },
  async () => {
    const dave = persona('dave');
    const token = await stolenPartyToken({
      sub: 'dave-sub',
      party: dave.party,
      aud: 'towing',
      scope: 'towing:read',
    });
    const response = await call<{ code?: string }>('GET', '/claims', {
      base: env.claims,
      // Through the gateway's stolen certificate: towing's own is not on claims' allow-list
      // (defense mtls, API8-MTLS-002), and this attack is about the token.
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
        evidence: 'claims authenticated a towing-audience token',
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
