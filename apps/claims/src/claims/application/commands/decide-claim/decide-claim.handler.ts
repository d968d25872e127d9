import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import { Claim, type ClaimSnapshot } from '../../../domain/claim.js';
import { IllegalClaimTransition, StepUpRequired } from '../../../domain/claim.errors.js';
import { ClaimsPolicy } from '../../../policies/claims.policy.js';
import { ClaimAccess } from '../../claim-access.js';
import { ClaimRepository } from '../../ports/claim.repository.port.js';
import { DecideClaimCommand } from './decide-claim.command.js';

/**
 * Approves or denies a claim: the caller must see the claim (else 404) and be allowed to decide it
 * (else 403); an approval must pass the step-up rule of claims.cedar (payout over $5,000 needs an
 * MFA login within 5 minutes, else 401 `AUTH.STEP_UP_REQUIRED`, defense `step-up`); the aggregate
 * checks the state and the payout; state and `ClaimApproved` /
 * `ClaimDenied` commit together, and only if nobody decided in between (else 409).
 */
@CommandHandler(DecideClaimCommand)
export class DecideClaimHandler implements ICommandHandler<DecideClaimCommand> {
  constructor(
    private readonly access: ClaimAccess,
    private readonly claims: ClaimRepository,
    private readonly policy: ClaimsPolicy,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({
    caller,
    claimId,
    decision,
    correlationId,
  }: DecideClaimCommand): Promise<ClaimSnapshot> {
    const stored = await this.access.forFunction(caller, claimId, 'DecideClaim', correlationId);
    if (decision.outcome === 'APPROVE') {
      const stepUp = this.policy.canApprovePayout(caller, stored, decision.payoutCents);
      const allowed = this.access.audited(stepUp, {
        caller,
        correlationId,
        defense: 'step-up',
        action: 'ApprovePayout',
        claim: stored,
      });
      if (!allowed) throw new StepUpRequired(this.policy.stepUpMaxAgeSeconds);
    }
    const claim = Claim.restore(stored);
    const event = claim.decide(decision, new Date());
    const saved = await this.claims.update(claim, stored.status, [event], {
      actor: { sub: caller.sub, party: caller.party },
      correlationId,
    });
    if (!saved)
      throw new IllegalClaimTransition(stored.status, 'a decision (it changed meanwhile)');
    this.log.info({ claimId: claim.id, outcome: claim.status, correlationId }, 'claim decided');
    return claim.snapshot();
  }
}
