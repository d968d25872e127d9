import { describe, expect, it } from 'vitest';
import { eventDataProblem } from '@claimguard/contracts';
import { Claim } from './claim.js';
import type { ClaimEvent } from './claim.events.js';

const NOW = new Date('2026-03-15T18:30:00Z');
const LATER = new Date('2026-03-20T10:00:00Z');
const ORDER = '5a0c2b7e-1d3f-4e5a-8b9c-0d1e2f3a4b5c';
const ESTIMATE = {
  orderId: ORDER,
  shopId: 'S-01',
  lineItems: [
    { description: 'Rear bumper', amountCents: 80_000 },
    { description: 'Paint', amountCents: 45_050 },
  ],
  totalCents: 125_050,
};

function filed(): Claim {
  return Claim.file(
    {
      vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
      lossDate: '2026-03-14',
      location: { city: 'San Antonio', state: 'TX', postalCode: '78205' },
      description: 'Rear-ended.',
      needsTow: true,
      needsRental: true,
      contactPhone: '+1 210 555 0101',
    },
    { id: '0b9d6c1e-8a8e-4a43-9d5e-6f1f2a3b4c5d', memberId: 'M-100001', now: NOW },
  ).claim;
}

/** A claim waiting for the adjuster's decision. */
function atEstimate(): Claim {
  const claim = filed();
  claim.recordTowDispatched(NOW);
  claim.recordVehicleAtShop('S-01', NOW);
  claim.recordEstimate(ESTIMATE, 'E-2001', NOW);
  return claim;
}

const expectContract = (event: ClaimEvent) =>
  expect(eventDataProblem(event.type, event.version, event.data)).toBeUndefined();

describe('the claim lifecycle', () => {
  it('walks FILED → … → SETTLED, raising contract-valid events', () => {
    const claim = filed();
    expect(claim.snapshot().contactPhone).toBe('+1 210 555 0101');
    expect(claim.recordTowDispatched(NOW)).toEqual({ outcome: 'moved', events: [] });
    expect(claim.recordVehicleAtShop('S-01', NOW)).toEqual({ outcome: 'moved', events: [] });
    const assigned = claim.recordEstimate(ESTIMATE, 'E-2001', NOW);
    expect(assigned.outcome).toBe('moved');
    if (assigned.outcome !== 'moved') return;
    expect(assigned.events).toEqual([
      expect.objectContaining({
        type: 'ClaimAssigned',
        data: { claimId: claim.id, adjusterId: 'E-2001', orderId: ORDER },
      }),
    ]);
    assigned.events.forEach(expectContract);
    const approved = claim.decide({ outcome: 'APPROVE', payoutCents: 100_000 }, LATER);
    expect(approved).toMatchObject({
      type: 'ClaimApproved',
      data: { claimId: claim.id, orderId: ORDER, adjusterId: 'E-2001', payoutCents: 100_000 },
    });
    expectContract(approved);
    claim.recordRepairCompleted(ORDER, LATER);
    const settled = claim.settle(LATER);
    expect(settled).toMatchObject({ type: 'ClaimSettled', data: { payoutCents: 100_000 } });
    expectContract(settled);
    expect(claim.snapshot()).toMatchObject({
      status: 'SETTLED',
      shopId: 'S-01',
      adjusterId: 'E-2001',
      payoutCents: 100_000,
      estimate: { orderId: ORDER, totalCents: 125_050 },
      updatedAt: LATER,
    });
  });

  it('treats a step the claim has already passed as a replay, not an error', () => {
    const claim = atEstimate();
    expect(claim.recordTowDispatched(NOW)).toEqual({ outcome: 'already' });
    expect(claim.recordVehicleAtShop('S-01', NOW)).toEqual({ outcome: 'already' });
    expect(claim.status).toBe('ESTIMATE_SUBMITTED');
  });

  it('catches up when an estimate overtakes the delivery it proves (another topic)', () => {
    const claim = filed();
    claim.recordTowDispatched(NOW);
    const caughtUp = claim.recordEstimate(ESTIMATE, 'E-2001', NOW);
    expect(caughtUp.outcome).toBe('moved');
    expect(claim.snapshot()).toMatchObject({ status: 'ESTIMATE_SUBMITTED', shopId: 'S-01' });
    // The delivery arriving late is then a step already passed.
    expect(claim.recordVehicleAtShop('S-01', NOW)).toEqual({ outcome: 'already' });
  });

  it('refuses moves no step explains with CLAIMS.ILLEGAL_TRANSITION (409)', () => {
    const denied = atEstimate();
    denied.decide({ outcome: 'DENY', reason: 'not covered' }, NOW);
    expect(() => denied.recordRepairCompleted(ORDER, NOW)).toThrow(
      expect.objectContaining({ code: 'CLAIMS.ILLEGAL_TRANSITION', status: 409 }),
    );
    expect(() => filed().decide({ outcome: 'APPROVE', payoutCents: 1 }, NOW)).toThrow(
      expect.objectContaining({ code: 'CLAIMS.ILLEGAL_TRANSITION' }),
    );
    expect(() => filed().settle(NOW)).toThrow(
      expect.objectContaining({ code: 'CLAIMS.ILLEGAL_TRANSITION' }),
    );
    const approved = atEstimate();
    approved.decide({ outcome: 'APPROVE', payoutCents: 1 }, NOW);
    expect(() => approved.decide({ outcome: 'DENY', reason: 'changed my mind' }, NOW)).toThrow(
      expect.objectContaining({ code: 'CLAIMS.ILLEGAL_TRANSITION' }),
    );
    expect(() => approved.settle(NOW)).toThrow(
      expect.objectContaining({ code: 'CLAIMS.ILLEGAL_TRANSITION' }),
    );
  });

  it('refuses a payout above the estimate', () => {
    expect(() =>
      atEstimate().decide({ outcome: 'APPROVE', payoutCents: ESTIMATE.totalCents + 1 }, NOW),
    ).toThrow(expect.objectContaining({ code: 'CLAIMS.PAYOUT_EXCEEDS_ESTIMATE', status: 422 }));
  });

  it('refuses an estimate from a shop that does not hold the car, and a completion of another order', () => {
    const claim = filed();
    claim.recordTowDispatched(NOW);
    claim.recordVehicleAtShop('S-01', NOW);
    expect(() => claim.recordEstimate({ ...ESTIMATE, shopId: 'S-02' }, 'E-2001', NOW)).toThrow(
      expect.objectContaining({ code: 'CLAIMS.ILLEGAL_TRANSITION' }),
    );
    const approved = atEstimate();
    approved.decide({ outcome: 'APPROVE', payoutCents: 10 }, NOW);
    expect(() =>
      approved.recordRepairCompleted('00000000-0000-4000-8000-000000000000', NOW),
    ).toThrow(expect.objectContaining({ code: 'CLAIMS.ILLEGAL_TRANSITION' }));
  });

  it('denies with a trimmed reason and raises ClaimDenied', () => {
    const claim = atEstimate();
    const denied = claim.decide({ outcome: 'DENY', reason: '  pre-existing damage ' }, NOW);
    expect(denied).toMatchObject({ type: 'ClaimDenied', data: { reason: 'pre-existing damage' } });
    expectContract(denied);
    expect(claim.snapshot()).toMatchObject({
      status: 'DENIED',
      denialReason: 'pre-existing damage',
    });
  });
});
