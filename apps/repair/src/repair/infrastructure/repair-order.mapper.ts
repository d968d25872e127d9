import { z } from 'zod';
import { EstimateLineItemSchema } from '@claimguard/contracts';
import type { Prisma, RepairOrder as RepairOrderRow } from '../../generated/prisma/client.js';
import type { RepairOrderSnapshot } from '../domain/repair-order.js';

/** The `line_items` jsonb column, checked on the way in (a bad row fails loudly, not downstream). */
const LineItemsColumn = z.array(EstimateLineItemSchema);

/** Row → snapshot. */
export function toSnapshot(row: RepairOrderRow): RepairOrderSnapshot {
  return {
    id: row.id,
    claimId: row.claimId,
    towJobId: row.towJobId,
    shopId: row.shopId,
    status: row.status,
    lineItems: LineItemsColumn.parse(row.lineItems),
    totalCents: row.totalCents,
    payoutCents: row.payoutCents,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Snapshot → the columns of a new row. */
export function toCreateInput(order: RepairOrderSnapshot): Prisma.RepairOrderUncheckedCreateInput {
  return {
    id: order.id,
    claimId: order.claimId,
    towJobId: order.towJobId,
    shopId: order.shopId,
    ...toChangedColumns(order),
    createdAt: order.createdAt,
  };
}

/** Snapshot → the columns a state change may touch (identity and ownership never change). */
export function toChangedColumns(order: RepairOrderSnapshot) {
  return {
    status: order.status,
    lineItems: order.lineItems.map(({ description, amountCents }) => ({
      description,
      amountCents,
    })),
    totalCents: order.totalCents,
    payoutCents: order.payoutCents,
    updatedAt: order.updatedAt,
  } satisfies Prisma.RepairOrderUncheckedUpdateManyInput;
}
