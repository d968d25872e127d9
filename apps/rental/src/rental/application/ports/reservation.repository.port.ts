import type { Party } from '@claimguard/contracts';
import type { ReservationStatus } from '../../domain/reservation-status.js';
import type { Reservation, ReservationSnapshot } from '../../domain/reservation.js';
import type { ReservationEvent } from '../../domain/reservation.events.js';
import type { Transaction } from './transaction.js';

/** Which request or event caused a change; travels into every event envelope. */
export interface ChangeContext {
  /** Kept from the causing request or event, so one claim's story can be followed across services. */
  correlationId: string;
  /** The id of the event that caused this change; absent when a person's request did. */
  causationId?: string;
  /** Who asked, when a person did (the rental agent confirming). */
  actor?: { sub: string; party: Party };
}

/** A move of a stored reservation: its new state, the status it must still have, its events. */
export interface ReservationChange {
  reservation: Reservation;
  /** Compare-and-set: the change applies only while the stored status is still this one. */
  expectedStatus: ReservationStatus;
  events: readonly ReservationEvent[];
  context: ChangeContext;
}

/**
 * Storage of reservations as the application sees it. An abstract class (not an interface) so it
 * can be the Nest injection token; the Prisma adapter lives in infrastructure/, and unit tests pass
 * a fake.
 */
export abstract class ReservationRepository {
  /** The reservation made for this claim, or undefined (read inside the event's transaction). */
  abstract findByClaimId(
    claimId: string,
    tx: Transaction,
  ): Promise<ReservationSnapshot | undefined>;

  /** Stores a new reservation and its events (for the outbox) in the event's transaction. */
  abstract add(
    reservation: Reservation,
    events: readonly ReservationEvent[],
    context: ChangeContext,
    tx: Transaction,
  ): Promise<void>;

  /**
   * Stores a move with its events. In `tx` when an event caused it (the consumer publishes after its
   * commit); without `tx` in a transaction of its own, published right after the commit. Answers
   * false, storing nothing, when the stored status is no longer `expectedStatus` (a concurrent move
   * won).
   */
  abstract update(change: ReservationChange, tx?: Transaction): Promise<boolean>;

  /** The reservation with this id, or undefined. `id` must already be a UUID. */
  abstract findById(id: string): Promise<ReservationSnapshot | undefined>;

  /** A member's reservations, newest first, at most `limit`. */
  abstract listByMember(memberId: string, limit: number): Promise<ReservationSnapshot[]>;

  /** An agency's reservations, newest first, at most `limit`. */
  abstract listByAgency(agencyId: string, limit: number): Promise<ReservationSnapshot[]>;
}
