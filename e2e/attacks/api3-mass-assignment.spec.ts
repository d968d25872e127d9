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
    gain: "alice's claim filed with status APPROVED: re-read by alice from claims, it is stored APPROVED (skipping tow, estimate and adjuster)",
    auditedBy: 'claims',
    auditAction: 'authz.denied',
    attacker: 'alice',
  },
  async () => {
    const alice = await login('alice', 'claims:read claims:write');
    const body = claimBody({ status: 'APPROVED', payoutCents: 2_500_000, adjusterId: 'E-2001' });
    const filed = await call<{ id?: string; status?: string; payoutCents?: number; code?: string }>(
      'POST',
      '/api/claims',
      { token: alice, body },
    );
    if (filed.status === 201 && filed.body.id) {
      // The gain is what was stored, not what the answer echoed: read the claim back.
      const stored = await call<{ status?: string; payoutCents?: number }>(
        'GET',
        `/api/claims/${filed.body.id}`,
        { token: alice },
      );
      // Born APPROVED is the gain: a claim skips the whole saga (tow, estimate, adjuster).
      if (stored.status === 200 && stored.body.status === 'APPROVED') {
        return {
          outcome: 'succeeded',
          status: 201,
          evidence: `claim ${filed.body.id} stored APPROVED (read back; payout ${stored.body.payoutCents ?? 'not shown'})`,
        };
      }
      return {
        outcome: 'inconclusive',
        status: stored.status,
        evidence: `filed, but read back as ${JSON.stringify(stored.body).slice(0, 300)}`,
      };
    }
    // Refused means nothing happened: no claim for this car exists on alice's list.
    const mine = await call<{ items?: { vehicle?: { vin?: string } }[] }>(
      'GET',
      '/api/claims?limit=100',
      { token: alice },
    );
    const stored = (mine.body.items ?? []).some((c) => c.vehicle?.vin === body.vehicle.vin);
    if (filed.status === 400 && filed.body.code === 'REQUEST.VALIDATION_FAILED' && !stored) {
      // Refused by the strict body before any handler ran; claims audits the refusal (defense
      // mass-assignment) under the request's correlation id.
      return {
        outcome: 'blocked',
        status: 400,
        correlationId: filed.correlationId,
        evidence: 'unknown fields refused; no claim was filed',
      };
    }
    return { outcome: 'inconclusive', status: filed.status, evidence: JSON.stringify(filed.body) };
  },
);
