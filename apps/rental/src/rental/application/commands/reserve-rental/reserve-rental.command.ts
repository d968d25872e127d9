import { Command } from '@nestjs/cqrs';
import type { RentalRequest, ReservationSnapshot } from '../../../domain/reservation.js';
import type { ChangeContext } from '../../ports/reservation.repository.port.js';
import type { Transaction } from '../../ports/transaction.js';

/** What became of a claim's rental wish. */
export type ReserveRentalResult =
  | { outcome: 'reserved'; reservation: ReservationSnapshot }
  | { outcome: 'already-reserved'; reservation: ReservationSnapshot }
  /** The claim already has a reservation for another member: no legal move explains the event. */
  | { outcome: 'conflict'; reservation: ReservationSnapshot }
  | { outcome: 'not-needed' };

/**
 * A claim was filed: reserve its car if the member asked for one. Sent by the event consumer inside
 * the event's transaction, so the reservation, its outbox row and the inbox row commit together.
 */
export class ReserveRentalCommand extends Command<ReserveRentalResult> {
  constructor(
    readonly request: RentalRequest,
    readonly context: ChangeContext,
    readonly tx: Transaction,
  ) {
    super();
  }
}
