import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@claimguard/contracts';
import { auditDecision } from '@claimguard/auth';
import { audit, type Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { RentalConfig } from '../../../../config.js';
import { RENTAL_CONFIG } from '../../../../platform/tokens.js';
import { Reservation, type ReservationSnapshot } from '../../../domain/reservation.js';
import {
  IllegalReservationTransition,
  ReservationNotFound,
} from '../../../domain/reservation.errors.js';
import { RentalPolicy } from '../../../policies/rental.policy.js';
import { ClaimCoverageGateway, type ClaimCoverage } from '../../ports/claim-coverage.port.js';
import { ReservationRepository } from '../../ports/reservation.repository.port.js';
import { isUuid } from '../../uuid.js';
import { ConfirmReservationCommand } from './confirm-reservation.command.js';
import { acceptCoverage } from './coverage-answer.js';

/**
 * Confirms a reservation through the policy: a reservation the caller may not see answers 404 (no
 * existence oracle, audited as `bola`); one it may see but not confirm answers 403 (audited as
 * `bfla`); a reservation that is not `REQUESTED` answers 409. The move and `RentalConfirmed` commit
 * together, compare-and-set on the status, so two agents confirming at once confirm it once.
 * Before the move, claims says how many rental days the claim covers (an exchanged token, mTLS):
 * none is 422 `RENTAL.NOT_COVERED`; claims or identity down is 503 `RENTAL.COVERAGE_UNAVAILABLE`;
 * either way nothing is written. Claims' answer is checked against rental's own rules before use
 * (defense `upstream-validation`, OWASP API10:2023: at most 30 days, whole days, this claim);
 * an answer that breaks them is 502 `RENTAL.COVERAGE_INVALID`, audited, nothing written.
 */
@CommandHandler(ConfirmReservationCommand)
export class ConfirmReservationHandler implements ICommandHandler<ConfirmReservationCommand> {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly policy: RentalPolicy,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly coverage: ClaimCoverageGateway,
    @Inject(RENTAL_CONFIG) private readonly config: Pick<RentalConfig, 'defenses'>,
  ) {}

  async execute({
    caller,
    reservationId,
    correlationId,
    partyToken,
  }: ConfirmReservationCommand): Promise<ReservationSnapshot> {
    if (!isUuid(reservationId)) throw new ReservationNotFound();
    const stored = await this.reservations.findById(reservationId.toLowerCase());
    if (!stored) throw new ReservationNotFound();
    const about = { log: this.log, caller, correlationId, resource: `reservation:${stored.id}` };
    if (
      !auditDecision(this.policy.canRead(caller, stored), {
        ...about,
        defense: 'bola',
        action: 'ReadReservation',
      })
    ) {
      throw new ReservationNotFound();
    }
    if (
      !auditDecision(this.policy.canConfirm(caller, stored), {
        ...about,
        defense: 'bfla',
        action: 'ConfirmReservation',
      })
    ) {
      throw new DomainError('AUTHZ.FORBIDDEN', 'This party may not confirm this reservation');
    }
    const pending = Reservation.restore(stored);
    pending.assertConfirmable();
    // Claims decides the cover (token exchange + mTLS); nothing is written before it answered.
    const answer = await this.coverage.coverageFor(stored.claimId, partyToken, correlationId);
    const coverage = this.accepted(answer, stored.claimId, { ...about, caller });
    if (!coverage.rentalCovered || coverage.rentalDays <= 0) {
      this.log.info(
        { reservationId: stored.id, claimId: stored.claimId, correlationId },
        'reservation not confirmed: the claim covers no rental',
      );
      throw new DomainError('RENTAL.NOT_COVERED', 'The claim does not cover a rental');
    }
    const { reservation, event } = pending.confirm(new Date(), coverage.rentalDays);
    const applied = await this.reservations.update({
      reservation,
      expectedStatus: stored.status,
      events: [event],
      context: { correlationId, actor: { sub: caller.sub, party: caller.party } },
    });
    if (!applied) {
      // Another request (or RepairCompleted) moved it first: report the status it has now.
      const now = await this.reservations.findById(stored.id);
      throw new IllegalReservationTransition(now?.status ?? stored.status, 'confirmed');
    }
    this.log.info(
      { reservationId: stored.id, claimId: stored.claimId, correlationId },
      'reservation confirmed',
    );
    return reservation.snapshot();
  }

  /** Claims' answer, once rental's rules accept it (read per request: the switch flips at runtime). */
  private accepted(
    answer: unknown,
    claimId: string,
    about: { caller: ConfirmReservationCommand['caller']; correlationId: string; resource: string },
  ): ClaimCoverage {
    const who = {
      defense: 'upstream-validation',
      sub: about.caller.sub,
      party: about.caller.party,
      correlationId: about.correlationId,
      resource: about.resource,
    };
    const checked = acceptCoverage(answer, claimId);
    if ('coverage' in checked) return checked.coverage;
    if (this.config.defenses.isOn('upstream-validation')) {
      audit(this.log, {
        action: 'authz.denied',
        ...who,
        reason: `claims' coverage answer refused: ${checked.problem}`,
      });
      throw new DomainError(
        'RENTAL.COVERAGE_INVALID',
        "The claim's coverage answer breaks rental's rules; nothing was confirmed",
      );
    }
    // TRAINING ONLY (defense `upstream-validation` off, refused in production): rental trusts
    // whatever claims answered and stores it — a year of rental, negative or fractional days.
    audit(this.log, {
      action: 'defense.off',
      ...who,
      reason: `claims' coverage answer used unchecked: ${checked.problem}`,
    });
    return answer as ClaimCoverage;
  }
}
