/**
 * Where a reservation stands (docs/saga.md): `REQUESTED` → `CONFIRMED` (the agency confirmed it);
 * `REQUESTED` | `CONFIRMED` → `CLOSED` (the repair was completed). A reservation no agency serves
 * stays `REQUESTED` with no agency until it is closed. Mirrored by the `ReservationStatus` enum of
 * prisma/schema.prisma; CHECK constraints keep status, agency and timestamps in step.
 */
export const RESERVATION_STATUSES = ['REQUESTED', 'CONFIRMED', 'CLOSED'] as const;

export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];
