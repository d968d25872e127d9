import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import { Claim, type StepResult } from '../../../domain/claim.js';
import { ClaimNotFound } from '../../../domain/claim.errors.js';
import type { ClaimEvent } from '../../../domain/claim.events.js';
import { AdjusterDirectory } from '../../ports/adjuster-directory.port.js';
import { ClaimRepository } from '../../ports/claim.repository.port.js';
import {
  AdvanceClaimCommand,
  type AdvanceClaimResult,
  type SagaStep,
} from './advance-claim.command.js';

/**
 * Applies one saga step to the claim. A claim that already passed the step is left alone (a
 * replay); an unknown claim or an impossible move throws a domain error, which the consumer
 * dead-letters with its reason. The conditional update fails if an HTTP command changed the claim
 * in between; the consumer then retries the event against the new state.
 */
@CommandHandler(AdvanceClaimCommand)
export class AdvanceClaimHandler implements ICommandHandler<AdvanceClaimCommand> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly adjusters: AdjusterDirectory,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ claimId, step, context, tx }: AdvanceClaimCommand): Promise<AdvanceClaimResult> {
    const stored = await this.claims.findById(claimId, tx);
    if (!stored) throw new ClaimNotFound();
    const claim = Claim.restore(stored);
    const result = await this.apply(claim, step, tx);
    if (result.outcome === 'already') {
      this.log.info(
        { claimId, step: step.kind, causationId: context.causationId },
        'claim already past this step',
      );
      return 'already';
    }
    const saved = await this.claims.update(claim, stored.status, result.events, context, tx);
    if (!saved)
      throw new Error(`claim ${claimId} changed while ${step.kind} was applied; retrying`);
    this.log.info({ claimId, step: step.kind, status: claim.status, ...context }, 'claim advanced');
    return 'moved';
  }

  private async apply(
    claim: Claim,
    step: SagaStep,
    tx: AdvanceClaimCommand['tx'],
  ): Promise<StepResult<ClaimEvent>> {
    const now = new Date();
    switch (step.kind) {
      case 'TowDispatched':
        return claim.recordTowDispatched(now);
      case 'VehicleAtShop':
        return claim.recordVehicleAtShop(step.shopId, now);
      case 'EstimateSubmitted': {
        const adjusterId = await this.adjusters.pickForEstimate(tx);
        // No adjuster at all is an operations problem, not bad data: retry until one exists.
        if (!adjusterId) throw new Error('no active adjuster to assign the estimate to');
        return claim.recordEstimate(step, adjusterId, now);
      }
      case 'RepairCompleted':
        return claim.recordRepairCompleted(step.orderId, now);
    }
  }
}
