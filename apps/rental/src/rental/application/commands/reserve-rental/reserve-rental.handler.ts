import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import { Reservation } from '../../../domain/reservation.js';
import { RentalAgencyRepository } from '../../ports/rental-agency.repository.port.js';
import { ReservationRepository } from '../../ports/reservation.repository.port.js';
import { ReserveRentalCommand, type ReserveRentalResult } from './reserve-rental.command.js';

/**
 * Reserves at most one car per claim. The inbox already drops a redelivered event; this handler is
 * the second line: a claim that has a reservation keeps it (a second `ClaimFiled` for the same
 * claim, under another event id, changes nothing), and the unique `claim_id` column is the third,
 * should two deliveries race (the loser's transaction fails, is retried, and then finds it).
 */
@CommandHandler(ReserveRentalCommand)
export class ReserveRentalHandler implements ICommandHandler<ReserveRentalCommand> {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly agencies: RentalAgencyRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ request, context, tx }: ReserveRentalCommand): Promise<ReserveRentalResult> {
    // Cheap exit before any query; the aggregate applies the same rule below.
    if (!request.needsRental) return { outcome: 'not-needed' };
    const existing = await this.reservations.findByClaimId(request.claimId, tx);
    if (existing) {
      // Same claim, another member: a replay cannot explain that, so the caller dead-letters it.
      if (existing.memberId !== request.memberId)
        return { outcome: 'conflict', reservation: existing };
      this.log.info(
        {
          claimId: request.claimId,
          reservationId: existing.id,
          causationId: context.causationId,
        },
        'claim already has a reservation; nothing reserved',
      );
      return { outcome: 'already-reserved', reservation: existing };
    }
    const made = Reservation.reserveForClaim(request, await this.agencies.all(tx), {
      id: randomUUID(),
      now: new Date(),
    });
    if (!made) return { outcome: 'not-needed' };
    await this.reservations.add(made.reservation, [made.event], context, tx);
    const reservation = made.reservation.snapshot();
    this.log.info(
      {
        claimId: request.claimId,
        reservationId: reservation.id,
        agencyId: reservation.agencyId,
        correlationId: context.correlationId,
      },
      'rental reserved',
    );
    return { outcome: 'reserved', reservation };
  }
}
