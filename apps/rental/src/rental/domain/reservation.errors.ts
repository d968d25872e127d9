import { DomainError } from '@claimguard/contracts';
import type { ReservationStatus } from './reservation-status.js';

/**
 * No reservation the caller may see has this id. Also thrown when a reservation exists but the
 * policy denies it, so the answer is no existence oracle (an attacker cannot tell "not yours" from
 * "no such").
 */
export class ReservationNotFound extends DomainError {
  constructor() {
    super('RENTAL.RESERVATION_NOT_FOUND', 'No such reservation');
    this.name = 'ReservationNotFound';
  }
}

/** The reservation's status does not allow this move (confirming twice, confirming a closed one). */
export class IllegalReservationTransition extends DomainError {
  constructor(
    readonly from: ReservationStatus,
    readonly move: string,
  ) {
    super('RENTAL.ILLEGAL_TRANSITION', `A ${from} reservation cannot be ${move}`);
    this.name = 'IllegalReservationTransition';
  }
}
