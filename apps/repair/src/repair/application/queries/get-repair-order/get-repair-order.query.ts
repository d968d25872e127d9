import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { RepairOrderSnapshot } from '../../../domain/repair-order.js';

/** A party asks for one repair order by id (the raw path parameter, not yet known to be a UUID). */
export class GetRepairOrderQuery extends Query<RepairOrderSnapshot> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly orderId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
