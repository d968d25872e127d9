import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { claimBody } from '../support/claims.js';
import { login } from '../support/personas.js';

attack(
  {
    id: 'API3-MASS-001',
    title: 'a member files a claim that is already approved, with payout and adjuster in the body',
    defense: 'mass-assignment',
    owasp: 'API3:2023 Broken Object Property Level Authorization',
    cwe: 'CWE-915',
    asvs: 'V5.1.2',
    blocked: '400 REQUEST.VALIDATION_FAILED',
    auditedBy: 'claims',
  },
  async () => {
    const alice = await login('alice', 'claims:read claims:write');
    const filed = await call<{ id?: string; status?: string; payoutCents?: number; code?: string }>(
      'POST',
      '/api/claims',
      {
        token: alice,
        body: claimBody({ status: 'APPROVED', payoutCents: 2_500_000, adjusterId: 'E-2001' }),
      },
    );
    if (filed.status === 201 && filed.body.status === 'APPROVED') {
      return {
        outcome: 'succeeded',
        status: 201,
        evidence: `claim born APPROVED with payout ${filed.body.payoutCents}`,
      };
    }
    if (filed.status === 400 && filed.body.code === 'REQUEST.VALIDATION_FAILED') {
      // The strict body is refused before any handler runs: the gateway's correlation id finds the
      // service's error line, not a policy audit line, so no audit is asserted for this one.
      return {
        outcome: 'blocked',
        status: 400,
        correlationId: null,
        evidence: 'unknown fields refused',
      };
    }
    return { outcome: 'inconclusive', status: filed.status, evidence: JSON.stringify(filed.body) };
  },
);
