import { z } from 'zod';

/**
 * Body of `POST /rental/reservations/:id/confirm`: nothing, or an empty object. Strict, so a client
 * cannot slip in `status`, `agencyId` or any other field hoping it gets bound (mass assignment):
 * unknown fields are 400 `REQUEST.VALIDATION_FAILED`.
 */
export const ConfirmReservationBodySchema = z.strictObject({}).optional();
export type ConfirmReservationBody = z.infer<typeof ConfirmReservationBodySchema>;
