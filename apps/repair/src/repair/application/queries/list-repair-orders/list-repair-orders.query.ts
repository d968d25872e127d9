import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { RepairOrderSnapshot } from '../../../domain/repair-order.js';

/** A party asks for its repair orders (for a shop: its shop's orders, newest first). */
export class ListRepairOrdersQuery extends Query<RepairOrderSnapshot[]> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly correlationId: string,
  ) {
    super();
  }
}
