import type { RepairOrderSnapshot } from '../../domain/repair-order.js';
import type { RepairOrderStatus } from '../../domain/repair-order-status.js';

/** What a client sees of a repair order. */
export interface RepairOrderResponse {
  id: string;
  claimId: string;
  shopId: string;
  status: RepairOrderStatus;
  /** The submitted estimate; empty while OPEN. */
  lineItems: { description: string; amountCents: number }[];
  /** Sum of the line items (0 while OPEN). */
  totalCents: number;
  /** The approved payout; null until the adjuster approves. */
  payoutCents: number | null;
  createdAt: string;
  updatedAt: string;
}

/** Builds the response field by field (an allow-list), never by spreading the stored object. */
export function toRepairOrderResponse(order: RepairOrderSnapshot): RepairOrderResponse {
  return {
    id: order.id,
    claimId: order.claimId,
    shopId: order.shopId,
    status: order.status,
    lineItems: order.lineItems.map(({ description, amountCents }) => ({
      description,
      amountCents,
    })),
    totalCents: order.totalCents,
    payoutCents: order.payoutCents,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}
