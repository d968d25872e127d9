import { Command } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { EstimateLineItem } from '@claimguard/contracts';
import type { RepairOrderSnapshot } from '../../../domain/repair-order.js';

/**
 * A shop prices the repair of an order. The shop is the verified caller and the total is computed
 * by the aggregate; the body only carries the lines.
 */
export class SubmitEstimateCommand extends Command<RepairOrderSnapshot> {
  constructor(
    readonly caller: AuthenticatedParty,
    /** The raw path parameter, not yet known to be a UUID. */
    readonly orderId: string,
    readonly lineItems: readonly EstimateLineItem[],
    readonly correlationId: string,
  ) {
    super();
  }
}
