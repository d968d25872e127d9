import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import { Reservation } from '../../../domain/reservation.js';
import { ReservationRepository } from '../../ports/reservation.repository.port.js';
import {
  CloseReservationCommand,
  type CloseReservationResult,
} from './close-reservation.command.js';

/**
 * Closes a claim's reservation (`REQUESTED` | `CONFIRMED` → `CLOSED`, raising `RentalClosed`). A
 * claim without a reservation, or one already closed, changes nothing (a replay, or a claim that
 * asked for no car). Should an agent confirm the car at the very moment, the compare-and-set loses,
 * the error makes the consumer retry the event, and the retry closes the confirmed reservation.
 */
@CommandHandler(CloseReservationCommand)
export class CloseReservationHandler implements ICommandHandler<CloseReservationCommand> {
  constructor(
    private readonly reservations: ReservationRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({
    claimId,
    context,
    tx,
  }: CloseReservationCommand): Promise<CloseReservationResult> {
    const stored = await this.reservations.findByClaimId(claimId, tx);
    if (!stored) {
      this.log.info(
        { claimId, causationId: context.causationId },
        'repair completed for a claim without a reservation; nothing closed',
      );
      return { outcome: 'no-reservation' };
    }
    const closing = Reservation.restore(stored).close(new Date());
    if (closing.outcome === 'already-closed') {
      this.log.info(
        { claimId, reservationId: stored.id, causationId: context.causationId },
        'reservation already closed; nothing changed',
      );
      return { outcome: 'already-closed', reservation: stored };
    }
    const applied = await this.reservations.update(
      {
        reservation: closing.reservation,
        expectedStatus: stored.status,
        events: [closing.event],
        context,
      },
      tx,
    );
    if (!applied) {
      throw new Error(`reservation ${stored.id} changed while it was being closed; retrying`);
    }
    this.log.info(
      { claimId, reservationId: stored.id, correlationId: context.correlationId },
      'reservation closed',
    );
    return { outcome: 'closed', reservation: closing.reservation.snapshot() };
  }
}
