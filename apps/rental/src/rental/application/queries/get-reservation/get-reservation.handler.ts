import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { auditDecision } from '@claimguard/auth';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { ReservationSnapshot } from '../../../domain/reservation.js';
import { ReservationNotFound } from '../../../domain/reservation.errors.js';
import { RentalPolicy } from '../../../policies/rental.policy.js';
import { ReservationRepository } from '../../ports/reservation.repository.port.js';
import { isUuid } from '../../uuid.js';
import { GetReservationQuery } from './get-reservation.query.js';

/**
 * Reads one reservation through the policy. Missing, malformed and denied all answer the same 404,
 * so ids cannot be probed; only a denial writes an audit line (that is the attack signal).
 */
@QueryHandler(GetReservationQuery)
export class GetReservationHandler implements IQueryHandler<GetReservationQuery> {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly policy: RentalPolicy,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({
    caller,
    reservationId,
    correlationId,
  }: GetReservationQuery): Promise<ReservationSnapshot> {
    if (!isUuid(reservationId)) throw new ReservationNotFound();
    const reservation = await this.reservations.findById(reservationId.toLowerCase());
    if (!reservation) throw new ReservationNotFound();
    const allowed = auditDecision(this.policy.canRead(caller, reservation), {
      log: this.log,
      defense: 'bola',
      action: 'ReadReservation',
      caller,
      correlationId,
      resource: `reservation:${reservation.id}`,
    });
    if (!allowed) throw new ReservationNotFound();
    return reservation;
  }
}
