import { z } from 'zod';

/**
 * `POST /repair/orders/:id/complete` body: none, or an empty object. Any field (`payoutCents`,
 * `status`, …) is a 400 like on every other route, so nobody can believe a field was taken.
 */
export const CompleteRepairBodySchema = z.strictObject({}).optional();
export type CompleteRepairBody = z.infer<typeof CompleteRepairBodySchema>;
