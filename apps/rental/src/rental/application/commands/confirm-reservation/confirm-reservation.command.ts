import { Command } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { ReservationSnapshot } from '../../../domain/reservation.js';

/** A rental agent confirms a reservation by id (the raw path parameter, not yet known to be a UUID). */
export class ConfirmReservationCommand extends Command<ReservationSnapshot> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly reservationId: string,
    readonly correlationId: string,
    /** The caller's party token, exchanged at identity to ask claims for the coverage. */
    readonly partyToken: string,
  ) {
    super();
  }
}
