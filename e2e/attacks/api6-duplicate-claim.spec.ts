import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { claimBody } from '../support/claims.js';
import { login } from '../support/personas.js';

/** How many of alice's claims are for this car, as her own list shows them (what was stored). */
async function claimsForCar(token: string, vin: string): Promise<number> {
  const mine = await call<{ items?: { vehicle?: { vin?: string } }[] }>(
    'GET',
    '/api/claims?limit=100',
    { token },
  );
  return (mine.body.items ?? []).filter((c) => c.vehicle?.vin === vin).length;
}

/**
 * One loss, one claim (defense `business-flow`): filing the same vehicle and loss date again is
 * double dipping, the classic claims-fraud pattern. Each run uses another car (claimBody), so the
 * first claim of a run always goes through and only the repeats are at stake.
 */
attack(
  {
    id: 'API6-FLOW-001',
    title: 'a member files a second claim for the same vehicle and loss date',
    defense: 'business-flow',
    owasp: 'API6:2023 Unrestricted Access to Sensitive Business Flows',
    cwe: 'CWE-837',
    asvs: 'V11.1.2',
    blocked: '409 CLAIMS.DUPLICATE_CLAIM',
    gain: "the duplicate is stored: alice's claim list, re-read, holds two claims for the same VIN and loss date",
    auditedBy: 'claims',
    auditAction: 'authz.denied',
    attacker: 'alice',
  },
  async () => {
    const alice = await login('alice', 'claims:read claims:write');
    const body = claimBody();
    const first = await call<{ id?: string }>('POST', '/api/claims', { token: alice, body });
    if (first.status !== 201) {
      return {
        outcome: 'inconclusive',
        status: first.status,
        evidence: JSON.stringify(first.body),
      };
    }
    const again = await call<{ id?: string; code?: string }>('POST', '/api/claims', {
      token: alice,
      body: { ...body, description: 'Rear-ended at a red light; filing it again.' },
    });
    const stored = await claimsForCar(alice, body.vehicle.vin);
    if (again.status === 201 && stored === 2) {
      return {
        outcome: 'succeeded',
        status: 201,
        evidence: `alice's list holds two claims for VIN ${body.vehicle.vin} on ${body.lossDate}: ${first.body.id}, ${again.body.id}`,
      };
    }
    if (again.status === 409 && again.body.code === 'CLAIMS.DUPLICATE_CLAIM' && stored === 1) {
      return {
        outcome: 'blocked',
        status: 409,
        correlationId: again.correlationId,
        evidence: `second claim refused; alice's list holds only the first, ${first.body.id}`,
      };
    }
    return { outcome: 'inconclusive', status: again.status, evidence: JSON.stringify(again.body) };
  },
);

attack(
  {
    id: 'API6-FLOW-002',
    title: 'a member races five identical claims at once to slip duplicates past the check',
    defense: 'business-flow',
    owasp: 'API6:2023 Unrestricted Access to Sensitive Business Flows',
    cwe: 'CWE-362',
    asvs: 'V11.1.6',
    blocked: '409 CLAIMS.DUPLICATE_CLAIM (4 of 5)',
    gain: "parallel filings are stored: alice's claim list, re-read, holds as many claims for the one loss as were answered 201 (more than one)",
    auditedBy: 'claims',
    auditAction: 'authz.denied',
    attacker: 'alice',
  },
  async () => {
    const alice = await login('alice', 'claims:read claims:write');
    const body = claimBody();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        call<{ code?: string }>('POST', '/api/claims', { token: alice, body }),
      ),
    );
    const filed = answers.filter((a) => a.status === 201).length;
    const refused = answers.filter(
      (a) => a.status === 409 && a.body.code === 'CLAIMS.DUPLICATE_CLAIM',
    );
    const statuses = answers.map((a) => a.status).join(',');
    const stored = await claimsForCar(alice, body.vehicle.vin);
    if (filed > 1 && stored === filed) {
      return {
        outcome: 'succeeded',
        status: 201,
        evidence: `alice's list holds ${stored} claims for one loss (${statuses})`,
      };
    }
    if (filed === 1 && refused.length === 4 && stored === 1) {
      return {
        outcome: 'blocked',
        status: 409,
        correlationId: refused[0]?.correlationId ?? null,
        evidence: `one claim filed, four refused (${statuses})`,
      };
    }
    return { outcome: 'inconclusive', status: answers[0]?.status ?? 0, evidence: statuses };
  },
);
