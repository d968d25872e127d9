import { z } from 'zod';
import { CentsSchema } from './money.js';

/** `RepairOrderOpened` v1: repair opened an order for the shop that received the car. */
export const RepairOrderOpenedV1Schema = z.strictObject({
  orderId: z.uuid(),
  claimId: z.uuid(),
  shopId: z.string(),
});
export type RepairOrderOpenedV1 = z.infer<typeof RepairOrderOpenedV1Schema>;

/** One line of an estimate: what is done and what it costs. */
export const EstimateLineItemSchema = z.strictObject({
  description: z.string().min(1).max(200),
  amountCents: CentsSchema,
});
export type EstimateLineItem = z.infer<typeof EstimateLineItemSchema>;

/**
 * `EstimateSubmitted` v1: the shop priced the repair (claim → `ESTIMATE_SUBMITTED`, assigned to an
 * adjuster). `totalCents` is the sum of the line items.
 */
export const EstimateSubmittedV1Schema = z.strictObject({
  orderId: z.uuid(),
  claimId: z.uuid(),
  shopId: z.string(),
  lineItems: z.array(EstimateLineItemSchema).min(1).max(50),
  totalCents: CentsSchema,
});
export type EstimateSubmittedV1 = z.infer<typeof EstimateSubmittedV1Schema>;

/** `RepairCompleted` v1: the shop finished an approved repair (claim → `REPAIR_COMPLETED`). */
export const RepairCompletedV1Schema = RepairOrderOpenedV1Schema;
export type RepairCompletedV1 = z.infer<typeof RepairCompletedV1Schema>;

export const REPAIR_EVENT_TYPES = {
  RepairOrderOpened: 'RepairOrderOpened',
  EstimateSubmitted: 'EstimateSubmitted',
  RepairCompleted: 'RepairCompleted',
} as const;
