import { Command } from '@nestjs/cqrs';
import type { EstimateLineItem } from '@claimguard/contracts';
import type { Transaction } from '../../ports/transaction.js';

/** A step of the saga that another service reported, in claims' own words. */
export type SagaStep =
  | { kind: 'TowDispatched' }
  | { kind: 'VehicleAtShop'; shopId: string }
  | {
      kind: 'EstimateSubmitted';
      orderId: string;
      shopId: string;
      lineItems: EstimateLineItem[];
      totalCents: number;
    }
  | { kind: 'RepairCompleted'; orderId: string };

/** What the step did: moved the claim on, or nothing because the claim had passed it already. */
export type AdvanceClaimResult = 'moved' | 'already';

/**
 * Moves a claim on because another service reported progress (towing, repair). Runs inside the
 * event's transaction, so the claim change, its events and the inbox row commit together.
 */
export class AdvanceClaimCommand extends Command<AdvanceClaimResult> {
  constructor(
    readonly claimId: string,
    readonly step: SagaStep,
    readonly context: { correlationId: string; causationId: string },
    readonly tx: Transaction,
  ) {
    super();
  }
}
