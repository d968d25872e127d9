import { z } from 'zod';

/**
 * `RentalReserved` v1: rental reserved a car for the member of a claim that asked for one, at the
 * agency serving the loss state (`agencyId` null while no agency serves it).
 */
export const RentalReservedV1Schema = z.strictObject({
  reservationId: z.uuid(),
  claimId: z.uuid(),
  agencyId: z.string().nullable(),
});
export type RentalReservedV1 = z.infer<typeof RentalReservedV1Schema>;

/** `RentalConfirmed` v1: the agency confirmed the reservation; the member can pick the car up. */
export const RentalConfirmedV1Schema = z.strictObject({
  reservationId: z.uuid(),
  claimId: z.uuid(),
  agencyId: z.string(),
});
export type RentalConfirmedV1 = z.infer<typeof RentalConfirmedV1Schema>;

/** `RentalClosed` v1: the rental ended because the repair was completed. */
export const RentalClosedV1Schema = z.strictObject({
  reservationId: z.uuid(),
  claimId: z.uuid(),
  agencyId: z.string().nullable(),
});
export type RentalClosedV1 = z.infer<typeof RentalClosedV1Schema>;

export const RENTAL_EVENT_TYPES = {
  RentalReserved: 'RentalReserved',
  RentalConfirmed: 'RentalConfirmed',
  RentalClosed: 'RentalClosed',
} as const;
