import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import { IllegalRepairTransition } from '../../../domain/repair-order.errors.js';
import { RepairOrder, type DecisionOutcome } from '../../../domain/repair-order.js';
import { RepairOrderRepository } from '../../ports/repair-order.repository.port.js';
import {
  RecordClaimDecisionCommand,
  type RecordClaimDecisionResult,
} from './record-claim-decision.command.js';

/**
 * Applies the adjuster's decision to the claim's repair order: ESTIMATE_SUBMITTED → APPROVED (with
 * the payout) or DENIED. A decision for a state the order already passed is a replay and changes
 * nothing; one that names no order of ours, another order than the claim's, or a move the state
 * machine forbids is refused (the consumer dead-letters it: retrying cannot fix it).
 */
@CommandHandler(RecordClaimDecisionCommand)
export class RecordClaimDecisionHandler implements ICommandHandler<RecordClaimDecisionCommand> {
  constructor(
    private readonly orders: RepairOrderRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({
    decision,
    context,
    tx,
  }: RecordClaimDecisionCommand): Promise<RecordClaimDecisionResult> {
    const event = decision.kind === 'approved' ? 'ClaimApproved' : 'ClaimDenied';
    const stored = await this.orders.findByClaimId(decision.claimId, tx);
    if (!stored) return { outcome: 'refused', reason: `${event} for a claim without repair order` };
    if (stored.id !== decision.orderId) {
      return { outcome: 'refused', reason: `${event} names another order than the claim's` };
    }
    const order = RepairOrder.restore(stored);
    const now = new Date();
    let outcome: DecisionOutcome;
    try {
      outcome =
        decision.kind === 'approved' ? order.approve(decision.payoutCents, now) : order.deny(now);
    } catch (error) {
      if (!(error instanceof IllegalRepairTransition)) throw error;
      return { outcome: 'refused', reason: `${event} for a repair order that is ${error.from}` };
    }
    const where = {
      claimId: decision.claimId,
      orderId: stored.id,
      causationId: context.causationId,
    };
    if (outcome === 'already-passed') {
      this.log.info({ ...where, status: stored.status }, `${event} replayed; order unchanged`);
      return { outcome, order: stored };
    }
    if (!(await this.orders.update(order, stored.status, [], context, tx))) {
      // Moved by someone else since we read it: a transient race, retried by the consumer.
      throw new Error(`repair order ${stored.id} changed while ${event} was applied`);
    }
    this.log.info({ ...where, status: order.status }, `repair order ${order.status.toLowerCase()}`);
    return { outcome, order: order.snapshot() };
  }
}
