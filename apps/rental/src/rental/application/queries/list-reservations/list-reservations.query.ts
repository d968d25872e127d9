import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { ReservationSnapshot } from '../../../domain/reservation.js';

/** A party asks for its reservations (a member: their own; a rental agent: its agency's). */
export class ListReservationsQuery extends Query<ReservationSnapshot[]> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly correlationId: string,
  ) {
    super();
  }
}
