import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { RepairOrderSnapshot } from '../../../domain/repair-order.js';
import { RepairOrderAccess } from '../../order-access.js';
import { GetRepairOrderQuery } from './get-repair-order.query.js';

/**
 * Reads one repair order through the policy. Missing, malformed and denied all answer the same 404
 * (see {@link RepairOrderAccess}); only a denial writes an audit line (that is the attack signal).
 */
@QueryHandler(GetRepairOrderQuery)
export class GetRepairOrderHandler implements IQueryHandler<GetRepairOrderQuery> {
  constructor(private readonly access: RepairOrderAccess) {}

  execute({ caller, orderId, correlationId }: GetRepairOrderQuery): Promise<RepairOrderSnapshot> {
    return this.access.orderFor({ caller, orderId, action: 'ReadRepairOrder', correlationId });
  }
}
