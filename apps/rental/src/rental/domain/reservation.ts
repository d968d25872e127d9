import { RENTAL_EVENT_TYPES } from '@claimguard/contracts';
import { servingAgency } from './agency-selection.js';
import type { RentalAgency } from './rental-agency.js';
import { IllegalReservationTransition } from './reservation.errors.js';
import type { RentalClosed, RentalConfirmed, RentalReserved } from './reservation.events.js';
import type { ReservationStatus } from './reservation-status.js';

/** Everything a reservation is. */
export interface ReservationSnapshot {
  readonly id: string;
  readonly claimId: string;
  /** The member the car is for (their party id); the policy lets them read it. Never in responses. */
  readonly memberId: string;
  /** The agency serving the pickup state, or null while none does. */
  readonly agencyId: string | null;
  readonly status: ReservationStatus;
  /** Where the member picks the car up: the claim's loss location (city and state, no street). */
  readonly pickup: { readonly city: string; readonly state: string };
  readonly requestedAt: Date;
  readonly confirmedAt: Date | null;
  readonly closedAt: Date | null;
  /** Rental days the claim covers, as claims answered when the agency confirmed; null before. */
  readonly coveredDays: number | null;
}

/**
 * What rental needs to know of a filed claim. `ClaimFiled` v1 data fits it as is; fields rental
 * does not need (VIN, street, tow wish) are dropped when the reservation is made.
 */
export interface RentalRequest {
  readonly claimId: string;
  readonly memberId: string;
  readonly needsRental: boolean;
  readonly location: { readonly city: string; readonly state: string };
}

/** Facts the caller supplies so the aggregate stays deterministic: which id, when. */
export interface ReservingFacts {
  id: string;
  now: Date;
}

/** What closing did: the reservation moved (with its event), or it was already closed. */
export type CloseOutcome =
  | { outcome: 'closed'; reservation: Reservation; event: RentalClosed }
  | { outcome: 'already-closed' };

/**
 * The reservation aggregate. Pure TypeScript: no framework, database or broker in here, so its rules
 * are tested without any of them. Moves are named operations that return a new reservation and the
 * event they raise, or throw {@link IllegalReservationTransition}.
 */
export class Reservation {
  private constructor(private readonly state: ReservationSnapshot) {}

  /**
   * Reserves a car for the member of a filed claim at the agency serving the loss state (or with no
   * agency when none does), and raises `RentalReserved`. A claim that asked for no rental reserves
   * nothing: the answer is `undefined`.
   */
  static reserveForClaim(
    request: RentalRequest,
    agencies: readonly RentalAgency[],
    facts: ReservingFacts,
  ): { reservation: Reservation; event: RentalReserved } | undefined {
    if (!request.needsRental) return undefined;
    const agency = servingAgency(request.location.state, agencies);
    const reservation = new Reservation({
      id: facts.id,
      claimId: request.claimId,
      memberId: request.memberId,
      agencyId: agency?.id ?? null,
      status: 'REQUESTED',
      // Copied field by field: whatever else the claim carried stays out of rental's records.
      pickup: { city: request.location.city, state: request.location.state },
      requestedAt: facts.now,
      confirmedAt: null,
      closedAt: null,
      coveredDays: null,
    });
    return {
      reservation,
      event: {
        type: RENTAL_EVENT_TYPES.RentalReserved,
        version: 1,
        reservationId: facts.id,
        data: { reservationId: facts.id, claimId: request.claimId, agencyId: agency?.id ?? null },
      },
    };
  }

  /** Rebuilds a stored reservation. */
  static restore(snapshot: ReservationSnapshot): Reservation {
    return new Reservation(snapshot);
  }

  get id(): string {
    return this.state.id;
  }

  get claimId(): string {
    return this.state.claimId;
  }

  get status(): ReservationStatus {
    return this.state.status;
  }

  /**
   * The agency confirms the car: `REQUESTED` → `CONFIRMED`, raising `RentalConfirmed`. Anything
   * else is illegal: confirming twice, confirming a closed reservation, or one no agency serves
   * (nobody could have confirmed it). `coveredDays`: what claims said the claim covers.
   */
  confirm(now: Date, coveredDays: number): { reservation: Reservation; event: RentalConfirmed } {
    const agencyId = this.assertConfirmable();
    const reservation = new Reservation({
      ...this.copy(),
      status: 'CONFIRMED',
      confirmedAt: now,
      coveredDays,
    });
    return {
      reservation,
      event: {
        type: RENTAL_EVENT_TYPES.RentalConfirmed,
        version: 1,
        reservationId: this.state.id,
        data: { reservationId: this.state.id, claimId: this.state.claimId, agencyId },
      },
    };
  }

  /**
   * The agency of a reservation that may be confirmed now; else `IllegalReservationTransition`.
   * Lets the use case refuse before it asks anybody anything.
   */
  assertConfirmable(): string {
    const { agencyId } = this.state;
    if (this.state.status !== 'REQUESTED') {
      throw new IllegalReservationTransition(this.state.status, 'confirmed');
    }
    if (agencyId === null) throw new IllegalReservationTransition('REQUESTED', 'confirmed');
    return agencyId;
  }

  /**
   * The repair was completed: `REQUESTED` | `CONFIRMED` → `CLOSED`, raising `RentalClosed`. A
   * reservation already closed stays as it is (a replayed `RepairCompleted` changes nothing).
   */
  close(now: Date): CloseOutcome {
    if (this.state.status === 'CLOSED') return { outcome: 'already-closed' };
    const reservation = new Reservation({ ...this.copy(), status: 'CLOSED', closedAt: now });
    return {
      outcome: 'closed',
      reservation,
      event: {
        type: RENTAL_EVENT_TYPES.RentalClosed,
        version: 1,
        reservationId: this.state.id,
        data: {
          reservationId: this.state.id,
          claimId: this.state.claimId,
          agencyId: this.state.agencyId,
        },
      },
    };
  }

  /** A copy of the state, for persistence and responses. */
  snapshot(): ReservationSnapshot {
    return this.copy();
  }

  private copy(): ReservationSnapshot {
    const s = this.state;
    return {
      ...s,
      pickup: { ...s.pickup },
      requestedAt: new Date(s.requestedAt),
      confirmedAt: s.confirmedAt && new Date(s.confirmedAt),
      closedAt: s.closedAt && new Date(s.closedAt),
    };
  }
}
