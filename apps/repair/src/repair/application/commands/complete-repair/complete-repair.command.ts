import { Command } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { RepairOrderSnapshot } from '../../../domain/repair-order.js';

/** A shop reports the approved repair of an order done. */
export class CompleteRepairCommand extends Command<RepairOrderSnapshot> {
  constructor(
    readonly caller: AuthenticatedParty,
    /** The raw path parameter, not yet known to be a UUID. */
    readonly orderId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
