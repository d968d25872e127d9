import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { fileClaim } from '../support/claims.js';
import { login } from '../support/personas.js';

attack(
  {
    id: 'API1-BOLA-001',
    title: "a member reads another member's claim by its id",
    defense: 'bola',
    owasp: 'API1:2023 Broken Object Level Authorization',
    cwe: 'CWE-639',
    asvs: 'V4.2.1',
    blocked: '404 CLAIMS.CLAIM_NOT_FOUND',
    gain: "bob reads alice's claim: the same VIN and description alice's own read returns",
    auditedBy: 'claims',
    auditAction: 'authz.denied',
    attacker: 'bob',
  },
  async () => {
    const [alice, bob] = await Promise.all([
      login('alice', 'claims:read claims:write'),
      login('bob', 'claims:read'),
    ]);
    const victimClaim = await fileClaim(alice);
    type Claim = { id?: string; description?: string; vehicle?: { vin?: string }; code?: string };
    const response = await call<Claim>('GET', `/api/claims/${victimClaim}`, { token: bob });
    // The gain is alice's data, not an echo of the id bob asked for: compared with her own read.
    const own = await call<Claim>('GET', `/api/claims/${victimClaim}`, { token: alice });
    const vin = response.body.vehicle?.vin;
    if (
      response.status === 200 &&
      response.body.id === victimClaim &&
      vin !== undefined &&
      vin === own.body.vehicle?.vin &&
      response.body.description === own.body.description
    ) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `bob read alice's claim: VIN ${vin} and description as alice's own read returns`,
      };
    }
    if (response.status === 404 && response.body.code === 'CLAIMS.CLAIM_NOT_FOUND') {
      return {
        outcome: 'blocked',
        status: 404,
        correlationId: response.correlationId,
        evidence: 'not found for bob',
      };
    }
    return {
      outcome: 'inconclusive',
      status: response.status,
      evidence: JSON.stringify(response.body),
    };
  },
);
