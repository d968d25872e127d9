import { z } from 'zod';
import { LossLocationSchema, VehicleSchema } from '@claimguard/contracts';
import { CONTACT_PHONE, DESCRIPTION_MAX_LENGTH, RENTAL_DAYS_MAX } from '../../domain/claim.js';

/**
 * `POST /claims` body. Strict at every level (the `mass-assignment` defense): `memberId`, `status`,
 * `payoutCents`, `adjusterId`, `id` or any other unknown field is a 400, never bound to the claim.
 * The member comes from the party token. Date range and trimmed description are the aggregate's
 * rules (422 when broken).
 */
export const FileClaimBodySchema = z.strictObject({
  vehicle: VehicleSchema,
  lossDate: z.iso.date(),
  location: LossLocationSchema,
  description: z.string().min(1).max(DESCRIPTION_MAX_LENGTH),
  needsTow: z.boolean(),
  needsRental: z.boolean(),
  /** Optional: the phone a collision shop may use, once the member consents. */
  contactPhone: z.string().regex(CONTACT_PHONE, 'a US phone number').optional(),
  /** Optional: rental days the member asks for (default: the standard 14-day benefit). */
  rentalDays: z.number().int().min(1).max(RENTAL_DAYS_MAX).optional(),
});
export type FileClaimBody = z.infer<typeof FileClaimBodySchema>;
