import { z } from 'zod';

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

export const CLAIM_EVENT_TYPES = { ClaimFiled: 'ClaimFiled' } as const;
