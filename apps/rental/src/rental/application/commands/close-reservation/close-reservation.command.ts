import { Command } from '@nestjs/cqrs';
import type { ReservationSnapshot } from '../../../domain/reservation.js';
import type { ChangeContext } from '../../ports/reservation.repository.port.js';
import type { Transaction } from '../../ports/transaction.js';

/** What became of a claim's reservation when its repair was completed. */
export type CloseReservationResult =
  | { outcome: 'closed'; reservation: ReservationSnapshot }
  | { outcome: 'already-closed'; reservation: ReservationSnapshot }
  /** The claim asked for no rental (or its reservation is unknown here): nothing to close. */
  | { outcome: 'no-reservation' };

/**
 * A claim's repair was completed: close its reservation. Sent by the event consumer inside the
 * event's transaction, so the move, its outbox row and the inbox row commit together.
 */
export class CloseReservationCommand extends Command<CloseReservationResult> {
  constructor(
    readonly claimId: string,
    readonly context: ChangeContext,
    readonly tx: Transaction,
  ) {
    super();
  }
}
