import type { RepairOrderSnapshot } from '../../domain/repair-order.js';
import type { RepairOrderStatus } from '../../domain/repair-order-status.js';

/** Ids the handler specs share. Test code only. */
export const ORDER_ID = '3f6c2a1e-8b7d-4c5e-9a0f-1b2c3d4e5f60';
export const CLAIM_ID = '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10';
export const CORRELATION = '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c';

/** A stored order of frank's shop (S-01) in `status`, consistent with the table's CHECKs. */
export function storedOrder(status: RepairOrderStatus, shopId = 'S-01'): RepairOrderSnapshot {
  const estimated = status !== 'OPEN';
  return {
    id: ORDER_ID,
    claimId: CLAIM_ID,
    towJobId: '0b9f3f0e-3c1a-4d7e-9f57-5b1f2a3c4d5e',
    shopId,
    status,
    lineItems: estimated ? [{ description: 'Bumper', amountCents: 80_000 }] : [],
    totalCents: estimated ? 80_000 : 0,
    payoutCents: status === 'APPROVED' || status === 'COMPLETED' ? 75_000 : null,
    createdAt: new Date('2026-03-15T09:00:00.000Z'),
    updatedAt: new Date('2026-03-15T09:00:00.000Z'),
  };
}
