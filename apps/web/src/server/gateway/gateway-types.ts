import { z } from 'zod';
import { LossLocationSchema, VehicleSchema } from '@claimguard/contracts';

/** A claim as the gateway returns it (claims' `ClaimResponse`). */
export const ClaimViewSchema = z.object({
  id: z.string(),
  status: z.string(),
  vehicle: VehicleSchema,
  lossDate: z.string(),
  location: LossLocationSchema,
  description: z.string(),
  needsTow: z.boolean(),
  needsRental: z.boolean(),
  filedAt: z.string(),
});
export type ClaimView = z.infer<typeof ClaimViewSchema>;

/** A tow job as the gateway returns it (towing's `TowJobResponse`). */
export const TowJobViewSchema = z.object({
  id: z.string(),
  claimId: z.string(),
  companyId: z.string().nullable(),
  status: z.string(),
  pickup: z.object({
    street: z.string().optional(),
    city: z.string(),
    state: z.string(),
    postalCode: z.string(),
  }),
  vehicle: z.object({ make: z.string(), model: z.string(), year: z.number() }),
  createdAt: z.string(),
});
export type TowJobView = z.infer<typeof TowJobViewSchema>;

/** A rental reservation as the gateway returns it (rental's `ReservationResponse`). */
export const ReservationViewSchema = z.object({
  id: z.string(),
  claimId: z.string(),
  /** null while no agency serves the pickup state. */
  agencyId: z.string().nullable(),
  status: z.string(),
  pickup: z.object({ city: z.string(), state: z.string() }),
  requestedAt: z.string(),
  confirmedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type ReservationView = z.infer<typeof ReservationViewSchema>;

/** `GET /api/_meta/defenses` (libs/contracts `DefensesReport`). */
export const DefensesViewSchema = z.object({
  mode: z.enum(['secure', 'training']),
  off: z.array(z.string()),
  defenses: z.array(
    z.object({ id: z.string(), title: z.string(), on: z.boolean(), switchable: z.boolean() }),
  ),
});
export type DefensesView = z.infer<typeof DefensesViewSchema>;

/** Collections come as `{ items: [...] }` (docs/architecture.md). */
export function itemsOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}
