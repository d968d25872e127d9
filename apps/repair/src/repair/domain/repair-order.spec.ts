import { describe, expect, it } from 'vitest';
import { EstimateSubmittedV1Schema, RepairOrderOpenedV1Schema } from '@claimguard/contracts';
import type { RepairOrderStatus } from './repair-order-status.js';
import { RepairOrder, type RepairOrderSnapshot } from './repair-order.js';

const ORDER_ID = '3f6c2a1e-8b7d-4c5e-9a0f-1b2c3d4e5f60';
const CLAIM_ID = '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10';
const JOB_ID = '0b9f3f0e-3c1a-4d7e-9f57-5b1f2a3c4d5e';
const OPENED_AT = new Date('2026-03-15T09:00:00.000Z');
const LATER = new Date('2026-03-16T10:30:00.000Z');
const LINES = [
  { description: 'Front bumper cover', amountCents: 48_000 },
  { description: 'Paint and blend', amountCents: 32_550 },
];

function opened(): RepairOrder {
  return RepairOrder.openForDelivery(
    { claimId: CLAIM_ID, jobId: JOB_ID, shopId: 'S-01' },
    { id: ORDER_ID, now: OPENED_AT },
  ).order;
}

/** An order brought to `status` through the legal moves. */
function orderIn(status: RepairOrderStatus): RepairOrder {
  const order = opened();
  if (status === 'OPEN') return order;
  order.submitEstimate(LINES, LATER);
  if (status === 'ESTIMATE_SUBMITTED') return order;
  if (status === 'DENIED') {
    order.deny(LATER);
    return order;
  }
  order.approve(80_550, LATER);
  if (status === 'COMPLETED') order.complete(LATER);
  return order;
}

describe('RepairOrder.openForDelivery', () => {
  it('opens an OPEN order for the shop that received the car, without estimate or payout', () => {
    expect(opened().snapshot()).toEqual({
      id: ORDER_ID,
      claimId: CLAIM_ID,
      towJobId: JOB_ID,
      shopId: 'S-01',
      status: 'OPEN',
      lineItems: [],
      totalCents: 0,
      payoutCents: null,
      createdAt: OPENED_AT,
      updatedAt: OPENED_AT,
    } satisfies RepairOrderSnapshot);
  });

  it('raises RepairOrderOpened whose data satisfies the public v1 schema', () => {
    const { event } = RepairOrder.openForDelivery(
      { claimId: CLAIM_ID, jobId: JOB_ID, shopId: 'S-02' },
      { id: ORDER_ID, now: OPENED_AT },
    );
    expect(event).toEqual({
      type: 'RepairOrderOpened',
      version: 1,
      orderId: ORDER_ID,
      data: { orderId: ORDER_ID, claimId: CLAIM_ID, shopId: 'S-02' },
    });
    expect(RepairOrderOpenedV1Schema.parse(event.data)).toEqual(event.data);
  });
});

describe('RepairOrder.submitEstimate', () => {
  it('moves OPEN → ESTIMATE_SUBMITTED with the lines and a total it computes itself', () => {
    const order = opened();
    const event = order.submitEstimate(LINES, LATER);

    expect(order.snapshot()).toMatchObject({
      status: 'ESTIMATE_SUBMITTED',
      lineItems: LINES,
      totalCents: 80_550,
      updatedAt: LATER,
    });
    expect(event).toEqual({
      type: 'EstimateSubmitted',
      version: 1,
      orderId: ORDER_ID,
      data: {
        orderId: ORDER_ID,
        claimId: CLAIM_ID,
        shopId: 'S-01',
        lineItems: LINES,
        totalCents: 80_550,
      },
    });
    expect(EstimateSubmittedV1Schema.parse(event.data)).toEqual(event.data);
  });

  it('trims descriptions and refuses a blank one, naming the line', () => {
    const order = opened();
    expect(() => order.submitEstimate([{ description: '   ', amountCents: 1 }], LATER)).toThrow(
      expect.objectContaining({
        code: 'REQUEST.VALIDATION_FAILED',
        details: [{ path: 'lineItems.0.description', message: 'is blank' }],
      }),
    );
    expect(order.status).toBe('OPEN');
    order.submitEstimate([{ description: '  Hood  ', amountCents: 10 }], LATER);
    expect(order.snapshot().lineItems).toEqual([{ description: 'Hood', amountCents: 10 }]);
  });

  it('refuses no lines and more than 50 lines', () => {
    const line = { description: 'Part', amountCents: 1 };
    expect(() => opened().submitEstimate([], LATER)).toThrow(
      expect.objectContaining({ code: 'REQUEST.VALIDATION_FAILED' }),
    );
    expect(() =>
      opened().submitEstimate(
        Array.from({ length: 51 }, () => line),
        LATER,
      ),
    ).toThrow(expect.objectContaining({ code: 'REQUEST.VALIDATION_FAILED' }));
    expect(
      opened().submitEstimate(
        Array.from({ length: 50 }, () => line),
        LATER,
      ).data.totalCents,
    ).toBe(50);
  });

  it('refuses a total above the largest amount money may carry, though each line is fine', () => {
    const big = { description: 'Gold-plated everything', amountCents: 100_000_000 };
    expect(() => opened().submitEstimate([big, big], LATER)).toThrow(
      expect.objectContaining({ code: 'REQUEST.VALIDATION_FAILED' }),
    );
  });

  it.each(['ESTIMATE_SUBMITTED', 'APPROVED', 'DENIED', 'COMPLETED'] as const)(
    'refuses a second estimate once %s (REPAIR.ILLEGAL_TRANSITION) and keeps the first',
    (status) => {
      const order = orderIn(status);
      expect(() => order.submitEstimate([{ description: 'More', amountCents: 1 }], LATER)).toThrow(
        expect.objectContaining({ code: 'REPAIR.ILLEGAL_TRANSITION', status: 409 }),
      );
      expect(order.snapshot()).toMatchObject({ status, totalCents: 80_550 });
    },
  );
});

describe('RepairOrder claim decisions', () => {
  it('approves an estimated order and keeps the payout', () => {
    const order = orderIn('ESTIMATE_SUBMITTED');
    expect(order.approve(75_000, LATER)).toBe('moved');
    expect(order.snapshot()).toMatchObject({ status: 'APPROVED', payoutCents: 75_000 });
  });

  it('denies an estimated order', () => {
    const order = orderIn('ESTIMATE_SUBMITTED');
    expect(order.deny(LATER)).toBe('moved');
    expect(order.snapshot()).toMatchObject({ status: 'DENIED', payoutCents: null });
  });

  it('treats an approval of an APPROVED or COMPLETED order as a replay that changes nothing', () => {
    for (const status of ['APPROVED', 'COMPLETED'] as const) {
      const order = orderIn(status);
      const before = order.snapshot();
      expect(order.approve(1, new Date())).toBe('already-passed');
      expect(order.snapshot()).toEqual(before);
    }
  });

  it('treats a denial of a DENIED order as a replay that changes nothing', () => {
    const order = orderIn('DENIED');
    const before = order.snapshot();
    expect(order.deny(new Date())).toBe('already-passed');
    expect(order.snapshot()).toEqual(before);
  });

  it.each([
    ['OPEN', 'approve'],
    ['DENIED', 'approve'],
    ['OPEN', 'deny'],
    ['APPROVED', 'deny'],
    ['COMPLETED', 'deny'],
  ] as const)(
    'refuses to %2$s an order that is %1$s: no legal move explains it',
    (status, what) => {
      const order = orderIn(status);
      const act = () => (what === 'approve' ? order.approve(1, LATER) : order.deny(LATER));
      expect(act).toThrow(expect.objectContaining({ code: 'REPAIR.ILLEGAL_TRANSITION' }));
      expect(order.status).toBe(status);
    },
  );
});

describe('RepairOrder.complete', () => {
  it('completes an APPROVED order and raises RepairCompleted', () => {
    const order = orderIn('APPROVED');
    expect(order.complete(LATER)).toEqual({
      type: 'RepairCompleted',
      version: 1,
      orderId: ORDER_ID,
      data: { orderId: ORDER_ID, claimId: CLAIM_ID, shopId: 'S-01' },
    });
    expect(order.status).toBe('COMPLETED');
  });

  it.each(['OPEN', 'ESTIMATE_SUBMITTED', 'DENIED', 'COMPLETED'] as const)(
    'refuses to complete an order that is %s',
    (status) => {
      const order = orderIn(status);
      expect(() => order.complete(LATER)).toThrow(
        expect.objectContaining({
          code: 'REPAIR.ILLEGAL_TRANSITION',
          message: `A repair order cannot move from ${status} to COMPLETED`,
        }),
      );
      expect(order.status).toBe(status);
    },
  );
});

describe('RepairOrder snapshots', () => {
  it('hands out copies: changing a snapshot does not change the order', () => {
    const order = orderIn('ESTIMATE_SUBMITTED');
    const copy = order.snapshot() as unknown as { lineItems: { amountCents: number }[] };
    copy.lineItems[0]!.amountCents = 1;
    expect(order.snapshot().lineItems[0]?.amountCents).toBe(48_000);
  });

  it('restores a stored order with its state', () => {
    const stored = orderIn('APPROVED').snapshot();
    const restored = RepairOrder.restore(stored);
    expect(restored.snapshot()).toEqual(stored);
    restored.complete(LATER);
    expect(stored.status).toBe('APPROVED');
  });
});
