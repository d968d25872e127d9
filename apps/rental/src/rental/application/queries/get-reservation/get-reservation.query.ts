import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { ReservationSnapshot } from '../../../domain/reservation.js';

/** A party asks for one reservation by id (the raw path parameter, not yet known to be a UUID). */
export class GetReservationQuery extends Query<ReservationSnapshot> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly reservationId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
