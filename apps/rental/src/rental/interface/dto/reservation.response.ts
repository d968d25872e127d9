import type { ReservationStatus } from '../../domain/reservation-status.js';
import type { ReservationSnapshot } from '../../domain/reservation.js';

/**
 * What a client sees of a reservation, member and rental agent alike. The member id is not in it:
 * the member knows who they are, and the agency needs no personal data to hold a car (contact goes
 * through the claim, under the member's consent).
 */
export interface ReservationResponse {
  id: string;
  claimId: string;
  /** null while no agency serves the pickup state. */
  agencyId: string | null;
  status: ReservationStatus;
  pickup: { city: string; state: string };
  requestedAt: string;
  /** Set once the agency confirmed the car. */
  confirmedAt: string | null;
  /** Set once the repair was completed and the rental ended. */
  closedAt: string | null;
  /** Rental days the claim covers (claims' answer at confirmation); null until confirmed. */
  coveredDays: number | null;
}

/** Builds the response field by field (an allow-list), never by spreading the stored object. */
export function toReservationResponse(reservation: ReservationSnapshot): ReservationResponse {
  const { city, state } = reservation.pickup;
  return {
    id: reservation.id,
    claimId: reservation.claimId,
    agencyId: reservation.agencyId,
    status: reservation.status,
    pickup: { city, state },
    requestedAt: reservation.requestedAt.toISOString(),
    confirmedAt: reservation.confirmedAt?.toISOString() ?? null,
    closedAt: reservation.closedAt?.toISOString() ?? null,
    coveredDays: reservation.coveredDays,
  };
}
