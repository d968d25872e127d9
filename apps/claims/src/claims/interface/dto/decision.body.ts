import { z } from 'zod';
import { CentsSchema } from '@claimguard/contracts';

/**
 * `POST /claims/:id/decision` body: approve with a payout in cents, or deny with a reason. Strict
 * (defense `mass-assignment`): `status`, `adjusterId` or any other field is a 400.
 */
export const DecisionBodySchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('APPROVE'), payoutCents: CentsSchema.min(1) }),
  z.strictObject({ decision: z.literal('DENY'), reason: z.string().min(1).max(500) }),
]);
export type DecisionBody = z.infer<typeof DecisionBodySchema>;
