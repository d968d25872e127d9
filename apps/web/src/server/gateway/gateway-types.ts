import { z } from 'zod';
import { LossLocationSchema, VehicleSchema } from '@claimguard/contracts';

const LineItemSchema = z.object({ description: z.string(), amountCents: z.number() });

/** A claim as the gateway returns it to a member or the assigned adjuster (`ClaimResponse`). */
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
  updatedAt: z.string().optional(),
  shopId: z.string().nullable().optional(),
  adjusterId: z.string().nullable().optional(),
  estimate: z
    .object({ orderId: z.string(), lineItems: z.array(LineItemSchema), totalCents: z.number() })
    .nullable()
    .optional(),
  payoutCents: z.number().nullable().optional(),
  denialReason: z.string().nullable().optional(),
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

/** What a service rep sees of a claim (`RedactedClaimResponse`): no personal data. */
export const RedactedClaimViewSchema = z.object({
  id: z.string(),
  status: z.string(),
  vehicle: z.object({
    vinLast4: z.string(),
    make: z.string(),
    model: z.string(),
    year: z.number(),
  }),
  lossDate: z.string(),
  location: z.object({ city: z.string(), state: z.string() }),
  filedAt: z.string(),
  updatedAt: z.string(),
  shopId: z.string().nullable(),
  redacted: z.literal(true),
});
export type RedactedClaimView = z.infer<typeof RedactedClaimViewSchema>;

/** `GET /api/claims/:id/timeline`: the claim's steps in the order they happened. */
export const TimelineViewSchema = z.object({
  status: z.string(),
  items: z.array(
    z.object({
      eventId: z.string(),
      type: z.string(),
      source: z.string(),
      occurredAt: z.string(),
      summary: z.string(),
    }),
  ),
});
export type TimelineView = z.infer<typeof TimelineViewSchema>;

/** A repair order as the gateway returns it (repair's `RepairOrderResponse`). */
export const RepairOrderViewSchema = z.object({
  id: z.string(),
  claimId: z.string(),
  shopId: z.string(),
  status: z.string(),
  lineItems: z.array(LineItemSchema),
  totalCents: z.number(),
  payoutCents: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RepairOrderView = z.infer<typeof RepairOrderViewSchema>;

/** Any 2xx answer whose body the page does not need. */
export const AcceptedSchema = z.unknown();

/** `GET /api/_meta/defenses` (libs/contracts `DefensesReport`). */
export const DefensesViewSchema = z.object({
  mode: z.enum(['secure', 'training']),
  off: z.array(z.string()),
  defenses: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      summary: z.string(),
      on: z.boolean(),
      switchable: z.boolean(),
    }),
  ),
});
export type DefensesView = z.infer<typeof DefensesViewSchema>;

/**
 * `GET /api/_training/status` and the answer of every switchboard change (libs/contracts
 * `TrainingStatus`): the switches' version, what is off, and where each process stands.
 */
export const TrainingStatusViewSchema = z.object({
  version: z.number().int().min(0),
  off: z.array(z.string()),
  resetEpoch: z.number().int().min(0),
  peers: z.array(
    z.object({
      service: z.string(),
      applied: z.number().int(),
      resetDone: z.number().int(),
      lastSyncAt: z.string(),
    }),
  ),
  converged: z.boolean(),
});
export type TrainingStatusView = z.infer<typeof TrainingStatusViewSchema>;

/** `GET /api/_training/scoreboard` (libs/contracts `ScoreboardEntry`), best first. */
export const ScoreboardViewSchema = z.object({
  entries: z.array(
    z.object({
      sub: z.string(),
      party: z.object({ kind: z.string(), id: z.string() }).optional(),
      defenses: z.array(
        z.object({
          defense: z.string(),
          firstAt: z.string(),
          count: z.number().int(),
          seenBy: z.array(z.string()),
        }),
      ),
      score: z.number(),
    }),
  ),
});
export type ScoreboardView = z.infer<typeof ScoreboardViewSchema>;

/** Collections come as `{ items: [...] }` (docs/architecture.md). */
export function itemsOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}
