import { expect, test } from '@playwright/test';
import { eventually } from '@claimguard/testing';
import { call } from '../support/api.js';
import {
  claimAtEstimate,
  claimReaches,
  ESTIMATE,
  itemFor,
  loginCast,
  ok,
  type Cast,
} from '../support/saga.js';

/**
 * The whole claim journey of docs/saga.md through the gateway, every persona doing their part,
 * driven between services only by signed events: member → tow operator → shop → adjuster →
 * rental agent, ending SETTLED with the member's timeline telling every step in order.
 */
test.describe('the claim saga', () => {
  let cast: Cast;
  test.beforeAll(async () => {
    cast = await loginCast();
  });

  test('a claim goes from FILED to SETTLED and the timeline shows every step in order', async () => {
    const { claimId, jobId, orderId } = await claimAtEstimate(cast);

    // The rental agency confirms the car the member asked for.
    const reservation = await itemFor(cast.heidi, '/api/rental/reservations', claimId);
    // Rental asked claims for the cover first (token exchange, mTLS): needsRental covers 14 days.
    const confirmed = await ok<{ coveredDays: number | null }>(
      'POST',
      `/api/rental/reservations/${reservation.id}/confirm`,
      cast.heidi,
    );
    expect(confirmed.coveredDays).toBe(14);
    const mine = await itemFor(cast.alice, '/api/rental/reservations', claimId);
    expect(mine.status).toBe('CONFIRMED');

    // The adjuster finds the claim in the queue, reviews the estimate and approves it.
    const queue = await ok<{ items: { id: string }[] }>('GET', '/api/claims', cast.carol);
    expect(queue.items.map((c) => c.id)).toContain(claimId);
    const review = await ok<{ estimate: { totalCents: number; orderId: string } }>(
      'GET',
      `/api/claims/${claimId}`,
      cast.carol,
    );
    expect(review.estimate).toMatchObject({ orderId, totalCents: 138_000 });
    const approved = await ok('POST', `/api/claims/${claimId}/decision`, cast.carol, {
      decision: 'APPROVE',
      payoutCents: 138_000,
    });
    expect(approved).toMatchObject({ status: 'APPROVED', payoutCents: 138_000 });

    // The shop sees the approval arrive, repairs, and reports completion.
    await eventually(async () => {
      const order = await ok<{ status: string }>(
        'GET',
        `/api/repair/orders/${orderId}`,
        cast.frank,
      );
      return order.status === 'APPROVED' ? true : undefined;
    });
    await ok('POST', `/api/repair/orders/${orderId}/complete`, cast.frank);
    await claimReaches(cast.alice, claimId, 'REPAIR_COMPLETED');
    await eventually(async () => {
      const r = await ok<{ status: string }>(
        'GET',
        `/api/rental/reservations/${reservation.id}`,
        cast.alice,
      );
      return r.status === 'CLOSED' ? true : undefined;
    });

    // The adjuster issues the payout; the claim is closed.
    const settled = await ok('POST', `/api/claims/${claimId}/settle`, cast.carol);
    expect(settled).toMatchObject({ status: 'SETTLED' });

    const timeline = await eventually(async () => {
      const t = await ok<{ status: string; items: { type: string; summary: string }[] }>(
        'GET',
        `/api/claims/${claimId}/timeline`,
        cast.alice,
      );
      return t.items.some((e) => e.type === 'ClaimSettled') &&
        t.items.some((e) => e.type === 'RentalClosed')
        ? t
        : undefined;
    });
    expect(timeline.status).toBe('SETTLED');
    const types = timeline.items.map((e) => e.type);
    // Each service's own steps in order, and the saga's causal order across them.
    const before = (a: string, b: string) =>
      expect(types.indexOf(a), `${a} before ${b} in ${types.join(', ')}`).toBeLessThan(
        types.indexOf(b),
      );
    for (const type of [
      'ClaimFiled',
      'TowJobCreated',
      'RentalReserved',
      'RentalConfirmed',
      'TowJobDispatched',
      'VehiclePickedUp',
      'VehicleDelivered',
      'RepairOrderOpened',
      'EstimateSubmitted',
      'ClaimAssigned',
      'ClaimApproved',
      'RepairCompleted',
      'RentalClosed',
      'ClaimSettled',
    ]) {
      expect(types, `timeline has ${type}`).toContain(type);
    }
    expect(types).toHaveLength(14);
    expect(types[0]).toBe('ClaimFiled');
    expect(types.at(-1)).toBe('ClaimSettled');
    before('TowJobCreated', 'TowJobDispatched');
    before('TowJobDispatched', 'VehiclePickedUp');
    before('VehiclePickedUp', 'VehicleDelivered');
    before('VehicleDelivered', 'RepairOrderOpened');
    before('RepairOrderOpened', 'EstimateSubmitted');
    before('EstimateSubmitted', 'ClaimAssigned');
    before('ClaimAssigned', 'ClaimApproved');
    before('ClaimApproved', 'RepairCompleted');
    before('RentalReserved', 'RentalConfirmed');
    before('RepairCompleted', 'RentalClosed');
    expect(timeline.items.find((e) => e.type === 'EstimateSubmitted')?.summary).toBe(
      'Estimate submitted: $1,380.00',
    );
    expect(JSON.stringify(timeline)).not.toMatch(/M-10000|555-0101|1HGCM/);
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ESTIMATE).toHaveLength(2);
  });

  test('a denied claim closes the repair order and refuses completion', async () => {
    const { claimId, orderId } = await claimAtEstimate(cast);
    const denied = await ok('POST', `/api/claims/${claimId}/decision`, cast.carol, {
      decision: 'DENY',
      reason: 'Damage predates the policy',
    });
    expect(denied).toMatchObject({ status: 'DENIED', denialReason: 'Damage predates the policy' });
    await eventually(async () => {
      const order = await ok<{ status: string }>(
        'GET',
        `/api/repair/orders/${orderId}`,
        cast.frank,
      );
      return order.status === 'DENIED' ? true : undefined;
    });
    const complete = await call('POST', `/api/repair/orders/${orderId}/complete`, {
      token: cast.frank,
    });
    expect(complete.status).toBe(409);
    expect(complete.body.code).toBe('REPAIR.ILLEGAL_TRANSITION');
    const settle = await call('POST', `/api/claims/${claimId}/settle`, { token: cast.carol });
    expect(settle.status).toBe(409);
    expect(settle.body.code).toBe('CLAIMS.ILLEGAL_TRANSITION');
  });

  test('illegal moves are refused with a stable 409 code, whoever asks', async () => {
    const { claimId, jobId } = await claimAtEstimate(cast);
    const again = await call('POST', `/api/towing/jobs/${jobId}/dispatch`, { token: cast.dave });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TOWING.ILLEGAL_TRANSITION');
    const early = await call('POST', `/api/claims/${claimId}/settle`, { token: cast.carol });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('CLAIMS.ILLEGAL_TRANSITION');
  });

  test('the service rep reads any claim status without personal data and writes nothing', async () => {
    const { claimId } = await claimAtEstimate(cast);
    const read = await ok<Record<string, unknown>>('GET', `/api/claims/${claimId}`, cast.ivan);
    expect(read).toMatchObject({ status: 'ESTIMATE_SUBMITTED', redacted: true });
    expect(JSON.stringify(read)).not.toMatch(/1HGCM82633A004352|Congress|555-0101|trunk/);
    const write = await call('POST', `/api/claims/${claimId}/decision`, {
      token: cast.ivan,
      body: { decision: 'APPROVE', payoutCents: 1 },
    });
    expect(write.status).toBe(403);
  });
});
