import { z } from 'zod';
import { EstimateLineItemSchema } from '@claimguard/contracts';
import { MAX_LINE_ITEMS } from '../../domain/repair-order.js';

/**
 * `POST /repair/orders/:id/estimate` body. Strict at every level (the `mass-assignment` defense):
 * `totalCents`, `status`, `shopId`, `payoutCents` or any other unknown field is a 400, never bound
 * to the order. The shop comes from the party token and the total is computed by the service.
 */
export const SubmitEstimateBodySchema = z.strictObject({
  lineItems: z.array(EstimateLineItemSchema).min(1).max(MAX_LINE_ITEMS),
});
export type SubmitEstimateBody = z.infer<typeof SubmitEstimateBodySchema>;
