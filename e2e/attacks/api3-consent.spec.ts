import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { claimAtEstimate, loginCast } from '../support/saga.js';

attack(
  {
    id: 'API3-CONSENT-001',
    title: "the shop holding the car reads the member's phone without consent",
    defense: 'consent',
    owasp: 'API3:2023 Broken Object Property Level Authorization',
    cwe: 'CWE-359',
    asvs: 'V4.2.1',
    blocked: '403 AUTHZ.FORBIDDEN',
    gain: "frank (repair shop) reads alice's contact without her consent: the answer carries her seeded phone +1-512-555-0101",
    auditedBy: 'claims',
    auditAction: 'authz.denied',
    attacker: 'frank',
  },
  async () => {
    const cast = await loginCast();
    const { claimId } = await claimAtEstimate(cast);
    const contact = await call<{ phone?: string; code?: string }>(
      'GET',
      `/api/claims/${claimId}/contact`,
      {
        token: cast.frank,
      },
    );
    if (contact.status === 200 && contact.body.phone === '+1-512-555-0101') {
      return { outcome: 'succeeded', status: 200, evidence: "frank read alice's phone" };
    }
    if (contact.status === 403 && contact.body.code === 'AUTHZ.FORBIDDEN') {
      return {
        outcome: 'blocked',
        status: 403,
        correlationId: contact.correlationId,
        evidence: 'no consent for S-01',
      };
    }
    return {
      outcome: 'inconclusive',
      status: contact.status,
      evidence: JSON.stringify(contact.body),
    };
  },
);
