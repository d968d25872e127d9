import { z } from 'zod';
import { CentsSchema } from './money.js';

export const VehicleSchema = z.strictObject({
  vin: z.string().regex(/^[A-HJ-NPR-Z0-9]{17}$/, 'a 17-character VIN'),
  make: z.string().min(1).max(40),
  model: z.string().min(1).max(40),
  year: z.number().int().min(1950).max(2100),
});
export type Vehicle = z.infer<typeof VehicleSchema>;

export const LossLocationSchema = z.strictObject({
  street: z.string().max(120).optional(),
  city: z.string().min(1).max(80),
  state: z.string().regex(/^[A-Z]{2}$/, 'a two-letter state code'),
  postalCode: z.string().regex(/^\d{5}$/, 'a five-digit ZIP code'),
});
export type LossLocation = z.infer<typeof LossLocationSchema>;

/** `ClaimFiled` v1: a member filed a claim. Carries no contact data (events are not a PII channel). */
export const ClaimFiledV1Schema = z.strictObject({
  claimId: z.uuid(),
  memberId: z.string(),
  vehicle: VehicleSchema,
  lossDate: z.iso.date(),
  location: LossLocationSchema,
  needsTow: z.boolean(),
  needsRental: z.boolean(),
});
export type ClaimFiledV1 = z.infer<typeof ClaimFiledV1Schema>;

/** `ClaimAssigned` v1: claims assigned the claim's estimate to an adjuster for a decision. */
export const ClaimAssignedV1Schema = z.strictObject({
  claimId: z.uuid(),
  adjusterId: z.string(),
  orderId: z.uuid(),
});
export type ClaimAssignedV1 = z.infer<typeof ClaimAssignedV1Schema>;

/**
 * `ClaimApproved` v1: the assigned adjuster approved the estimate of repair order `orderId` with a
 * payout. Only claims may emit it (EVENT_EMITTERS): a forged one would let a shop repair unpaid.
 */
export const ClaimApprovedV1Schema = z.strictObject({
  claimId: z.uuid(),
  orderId: z.uuid(),
  adjusterId: z.string(),
  payoutCents: CentsSchema,
});
export type ClaimApprovedV1 = z.infer<typeof ClaimApprovedV1Schema>;

/** `ClaimDenied` v1: the assigned adjuster denied the claim; the repair order is closed. */
export const ClaimDeniedV1Schema = z.strictObject({
  claimId: z.uuid(),
  orderId: z.uuid(),
  adjusterId: z.string(),
  reason: z.string().min(1).max(500),
});
export type ClaimDeniedV1 = z.infer<typeof ClaimDeniedV1Schema>;

/** `ClaimSettled` v1: the payout was issued after the repair was completed; the claim is closed. */
export const ClaimSettledV1Schema = z.strictObject({
  claimId: z.uuid(),
  payoutCents: CentsSchema,
});
export type ClaimSettledV1 = z.infer<typeof ClaimSettledV1Schema>;

export const CLAIM_EVENT_TYPES = {
  ClaimFiled: 'ClaimFiled',
  ClaimAssigned: 'ClaimAssigned',
  ClaimApproved: 'ClaimApproved',
  ClaimDenied: 'ClaimDenied',
  ClaimSettled: 'ClaimSettled',
} as const;
