import { describe, expect, it } from 'vitest';
import type { RepairOrderSnapshot } from '../../domain/repair-order.js';
import { toRepairOrderResponse } from './repair-order.response.js';

const order: RepairOrderSnapshot = {
  id: '3f6c2a1e-8b7d-4c5e-9a0f-1b2c3d4e5f60',
  claimId: '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10',
  towJobId: '0b9f3f0e-3c1a-4d7e-9f57-5b1f2a3c4d5e',
  shopId: 'S-01',
  status: 'APPROVED',
  lineItems: [{ description: 'Front bumper cover', amountCents: 48_000 }],
  totalCents: 48_000,
  payoutCents: 45_000,
  createdAt: new Date('2026-03-15T09:00:00.000Z'),
  updatedAt: new Date('2026-03-16T10:30:00.000Z'),
};

describe('toRepairOrderResponse', () => {
  it('answers exactly the DTO fields, with ISO timestamps', () => {
    expect(toRepairOrderResponse(order)).toEqual({
      id: order.id,
      claimId: order.claimId,
      shopId: 'S-01',
      status: 'APPROVED',
      lineItems: [{ description: 'Front bumper cover', amountCents: 48_000 }],
      totalCents: 48_000,
      payoutCents: 45_000,
      createdAt: '2026-03-15T09:00:00.000Z',
      updatedAt: '2026-03-16T10:30:00.000Z',
    });
  });

  it('drops any field a stored object might grow, and the tow job id (allow-list, not spread)', () => {
    const grown = {
      ...order,
      memberPhone: '+1 210 555 0100',
      lineItems: [{ ...order.lineItems[0], internalCostCents: 30_000 }],
    } as unknown as RepairOrderSnapshot;
    const body = JSON.stringify(toRepairOrderResponse(grown));
    expect(body).not.toMatch(/memberPhone|internalCostCents|towJobId/);
  });

  it('answers an open order with no lines, a zero total and a null payout', () => {
    const open = {
      ...order,
      status: 'OPEN',
      lineItems: [],
      totalCents: 0,
      payoutCents: null,
    } as const;
    expect(toRepairOrderResponse(open)).toMatchObject({
      lineItems: [],
      totalCents: 0,
      payoutCents: null,
    });
  });
});
