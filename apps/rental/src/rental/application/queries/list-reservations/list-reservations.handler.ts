import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@claimguard/contracts';
import { auditDecision } from '@claimguard/auth';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { ReservationSnapshot } from '../../../domain/reservation.js';
import { RentalPolicy, type ReservationListOwner } from '../../../policies/rental.policy.js';
import { ReservationRepository } from '../../ports/reservation.repository.port.js';
import { ListReservationsQuery } from './list-reservations.query.js';

/** Upper bound of one list answer until the API grows pagination (no unbounded responses). */
export const LIST_RESERVATIONS_LIMIT = 100;

/**
 * Lists the caller's reservations: a rental agent's party id is its agency id, anybody else is
 * asked for as a member. Which party kinds may list at all is the policy's call; the query itself
 * only ever filters by the caller, so no parameter can widen it.
 */
@QueryHandler(ListReservationsQuery)
export class ListReservationsHandler implements IQueryHandler<ListReservationsQuery> {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly policy: RentalPolicy,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ caller, correlationId }: ListReservationsQuery): Promise<ReservationSnapshot[]> {
    const owner: ReservationListOwner =
      caller.party.kind === 'rental_agent'
        ? { ownerKind: 'agency', ownerId: caller.party.id }
        : { ownerKind: 'member', ownerId: caller.party.id };
    const allowed = auditDecision(this.policy.canList(caller, owner), {
      log: this.log,
      defense: 'bfla',
      action: 'ListReservations',
      caller,
      correlationId,
      resource: 'reservations',
    });
    if (!allowed) {
      throw new DomainError('AUTHZ.FORBIDDEN', 'This party may not list reservations');
    }
    return owner.ownerKind === 'agency'
      ? this.reservations.listByAgency(owner.ownerId, LIST_RESERVATIONS_LIMIT)
      : this.reservations.listByMember(owner.ownerId, LIST_RESERVATIONS_LIMIT);
  }
}
