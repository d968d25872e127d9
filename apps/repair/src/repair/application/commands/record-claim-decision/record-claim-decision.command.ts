import { Command } from '@nestjs/cqrs';
import type { RepairOrderSnapshot } from '../../../domain/repair-order.js';
import type { ChangeContext } from '../../ports/repair-order.repository.port.js';
import type { Transaction } from '../../ports/transaction.js';

/** The adjuster's decision on a claim's estimate, as claims announced it. */
export type ClaimDecision =
  | { kind: 'approved'; claimId: string; orderId: string; payoutCents: number }
  | { kind: 'denied'; claimId: string; orderId: string };

/**
 * What the decision did. `moved` and `already-passed` are successes (the second one a replay that
 * changed nothing); the others are events no legal move explains, which the consumer dead-letters
 * with `reason`.
 */
export type RecordClaimDecisionResult =
  | { outcome: 'moved' | 'already-passed'; order: RepairOrderSnapshot }
  | { outcome: 'refused'; reason: string };

/**
 * Claims decided on the estimate (`ClaimApproved` / `ClaimDenied`): move the claim's order. Sent by
 * the events consumer inside the event's transaction.
 */
export class RecordClaimDecisionCommand extends Command<RecordClaimDecisionResult> {
  constructor(
    readonly decision: ClaimDecision,
    readonly context: ChangeContext,
    readonly tx: Transaction,
  ) {
    super();
  }
}
