import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { fileClaim } from '../support/claims.js';
import { login } from '../support/personas.js';

const PHONE = '+1-512-555-0177';

/**
 * The service rep (ivan) may read any claim's status, redacted (defense `data-exposure`). The
 * redaction is a response DTO, not a policy: with the defense off the handler answers the stored
 * claim itself, and everything the member told us is in the rep's hands. Secure mode is a 200 too,
 * so the evidence is which fields came back; there is no refusal to audit (correlationId null).
 */
async function ivanReadsAlicesClaim() {
  const alice = await login('alice', 'claims:read claims:write');
  const claimId = await fileClaim(alice, { contactPhone: PHONE });
  const ivan = await login('ivan', 'claims:read');
  return call<Record<string, unknown>>('GET', `/api/claims/${claimId}`, { token: ivan });
}

attack(
  {
    id: 'API3-EXPOSURE-001',
    title: "the service rep reads the member's phone number from a claim",
    defense: 'data-exposure',
    owasp: 'API3:2023 Broken Object Property Level Authorization',
    cwe: 'CWE-213',
    asvs: 'V8.3.4',
    blocked: '200 redacted (no phone)',
    gain: "ivan reads alice's claim and the answer carries her seeded contact phone",
    auditedBy: 'claims',
    auditAction: 'data.redacted',
    attacker: 'ivan',
  },
  async () => {
    const read = await ivanReadsAlicesClaim();
    const text = JSON.stringify(read.body);
    if (read.status === 200 && text.includes(PHONE)) {
      return { outcome: 'succeeded', status: 200, evidence: `ivan read contactPhone ${PHONE}` };
    }
    if (read.status === 200 && read.body.redacted === true) {
      return {
        outcome: 'blocked',
        status: 200,
        correlationId: read.correlationId,
        evidence: `redacted view: ${Object.keys(read.body).join(', ')}`,
      };
    }
    return { outcome: 'inconclusive', status: read.status, evidence: text };
  },
);

attack(
  {
    id: 'API3-EXPOSURE-002',
    title: 'the service rep learns the member number, street address and full VIN of a claim',
    defense: 'data-exposure',
    owasp: 'API3:2023 Broken Object Property Level Authorization',
    cwe: 'CWE-359',
    asvs: 'V4.2.1',
    blocked: '200 redacted (vinLast4, city and state only)',
    gain: "the read carries the member id, the street address and the full VIN (unredacted fields present; values not compared to alice's own read)",
    auditedBy: 'claims',
    auditAction: 'data.redacted',
    attacker: 'ivan',
  },
  async () => {
    const read = await ivanReadsAlicesClaim();
    const body = read.body as {
      memberId?: string;
      redacted?: boolean;
      vehicle?: { vin?: string; vinLast4?: string };
      location?: { street?: string };
    };
    if (read.status === 200 && body.memberId && body.vehicle?.vin && body.location?.street) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `member ${body.memberId}, ${body.location.street}, VIN ${body.vehicle.vin}`,
      };
    }
    if (
      read.status === 200 &&
      body.redacted === true &&
      body.memberId === undefined &&
      body.vehicle?.vin === undefined &&
      body.location?.street === undefined
    ) {
      return {
        outcome: 'blocked',
        status: 200,
        correlationId: read.correlationId,
        evidence: `only VIN ending ${body.vehicle?.vinLast4}; no member id, no street`,
      };
    }
    return { outcome: 'inconclusive', status: read.status, evidence: JSON.stringify(read.body) };
  },
);
