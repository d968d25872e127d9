import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { auditDecision } from '@claimguard/auth';
import { DomainError } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { RepairOrderSnapshot } from '../../../domain/repair-order.js';
import { RepairPolicy } from '../../../policies/repair.policy.js';
import { RepairOrderRepository } from '../../ports/repair-order.repository.port.js';
import { ListRepairOrdersQuery } from './list-repair-orders.query.js';

/** Upper bound of one list answer until the API grows pagination (no unbounded responses). */
export const LIST_REPAIR_ORDERS_LIMIT = 100;

/**
 * Lists the orders of the caller's shop: a repair shop's party id is its shop id. Which party kinds
 * may list at all is the policy's call; the query itself only ever filters by the caller.
 */
@QueryHandler(ListRepairOrdersQuery)
export class ListRepairOrdersHandler implements IQueryHandler<ListRepairOrdersQuery> {
  constructor(
    private readonly orders: RepairOrderRepository,
    private readonly policy: RepairPolicy,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ caller, correlationId }: ListRepairOrdersQuery): Promise<RepairOrderSnapshot[]> {
    const shopId = caller.party.id;
    const allowed = auditDecision(this.policy.canList(caller, shopId), {
      log: this.log,
      defense: 'bfla',
      action: 'ListRepairOrders',
      caller,
      correlationId,
      resource: 'repair-orders',
    });
    if (!allowed) throw new DomainError('AUTHZ.FORBIDDEN', 'This party may not list repair orders');
    return this.orders.listByShop(shopId, LIST_REPAIR_ORDERS_LIMIT);
  }
}
