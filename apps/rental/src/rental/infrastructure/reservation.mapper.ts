import type { Prisma, Reservation as ReservationRow } from '../../generated/prisma/client.js';
import type { ReservationSnapshot } from '../domain/reservation.js';

/** Row → snapshot. */
export function toSnapshot(row: ReservationRow): ReservationSnapshot {
  return {
    id: row.id,
    claimId: row.claimId,
    memberId: row.memberId,
    agencyId: row.agencyId,
    status: row.status,
    pickup: { city: row.pickupCity, state: row.pickupState },
    requestedAt: row.requestedAt,
    confirmedAt: row.confirmedAt,
    closedAt: row.closedAt,
    coveredDays: row.coveredDays,
  };
}

/** Snapshot → the columns of a new row. */
export function toCreateInput(
  reservation: ReservationSnapshot,
): Prisma.ReservationUncheckedCreateInput {
  return {
    id: reservation.id,
    claimId: reservation.claimId,
    memberId: reservation.memberId,
    agencyId: reservation.agencyId,
    status: reservation.status,
    pickupCity: reservation.pickup.city,
    pickupState: reservation.pickup.state,
    requestedAt: reservation.requestedAt,
    confirmedAt: reservation.confirmedAt,
    closedAt: reservation.closedAt,
    coveredDays: reservation.coveredDays,
  };
}

/**
 * Snapshot → the columns a move may change. Identity, member, agency and pickup are fixed once
 * reserved, so an update can never re-assign a reservation.
 */
export function toMoveInput(
  reservation: ReservationSnapshot,
): Prisma.ReservationUpdateManyMutationInput {
  return {
    status: reservation.status,
    confirmedAt: reservation.confirmedAt,
    closedAt: reservation.closedAt,
    coveredDays: reservation.coveredDays,
  };
}
