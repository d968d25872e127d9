import { eventually } from '@claimguard/testing';
import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { claimAtEstimate, loginCast, ok } from '../support/saga.js';

interface Timeline {
  items?: { type: string; summary: string }[];
}

const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/**
 * The service rep (ivan) may follow any claim's timeline — where it stands, not what it is worth.
 * The claim view and the timeline are redacted by one rule (claims' ClaimViews): with the defense
 * off the timeline carries the estimate and payout amounts to him as it does to the member.
 */
attack(
  {
    id: 'API3-EXPOSURE-003',
    title: "the service rep reads a claim's estimate amount on its timeline",
    defense: 'data-exposure',
    owasp: 'API3:2023 Broken Object Property Level Authorization',
    cwe: 'CWE-213',
    asvs: 'V8.3.4',
    blocked: '200 timeline with the steps and no amounts',
    auditedBy: 'claims',
    auditAction: 'data.redacted',
    attacker: 'ivan',
    gain: "ivan's read of alice's timeline carries the estimate step with its amount: the same total as alice's own read of her claim's estimate",
  },
  async () => {
    const cast = await loginCast();
    const { claimId } = await claimAtEstimate(cast);
    // What the estimate is worth, as alice's own claim shows it.
    const own = await ok<{ estimate: { totalCents: number } | null }>(
      'GET',
      `/api/claims/${claimId}`,
      cast.alice,
    );
    const total = USD.format((own.estimate?.totalCents ?? 0) / 100);
    // The timeline is a projection: wait until alice's shows the estimate step.
    await eventually(
      async () => {
        const mine = await call<Timeline>('GET', `/api/claims/${claimId}/timeline`, {
          token: cast.alice,
        });
        return mine.body.items?.some((i) => i.type === 'EstimateSubmitted') || undefined;
      },
      30_000,
      `timeline of ${claimId} shows the estimate`,
    );
    const read = await call<Timeline>('GET', `/api/claims/${claimId}/timeline`, {
      token: cast.ivan,
    });
    const step = read.body.items?.find((i) => i.type === 'EstimateSubmitted');
    if (read.status === 200 && step?.summary.includes(total)) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `ivan read "${step.summary}" on alice's timeline: the ${total} total of her own claim's estimate`,
      };
    }
    if (read.status === 200 && step && !JSON.stringify(read.body.items).includes('$')) {
      return {
        outcome: 'blocked',
        status: 200,
        correlationId: read.correlationId,
        evidence: `ivan sees the step "${step.summary}" and ${read.body.items?.length} steps in all, no amount`,
      };
    }
    return { outcome: 'inconclusive', status: read.status, evidence: JSON.stringify(read.body) };
  },
);
