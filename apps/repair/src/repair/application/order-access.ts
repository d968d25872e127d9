import { Inject, Injectable } from '@nestjs/common';
import { auditDecision, type AuthenticatedParty } from '@claimguard/auth';
import { DomainError } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { RepairOrderSnapshot } from '../domain/repair-order.js';
import { RepairOrderNotFound } from '../domain/repair-order.errors.js';
import { RepairPolicy, type RepairOrderAction } from '../policies/repair.policy.js';
import { RepairOrderRepository } from './ports/repair-order.repository.port.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One party's request to act on one order, as a handler received it. */
export interface OrderRequest {
  caller: AuthenticatedParty;
  /** The raw path parameter, not yet known to be a UUID. */
  orderId: string;
  action: RepairOrderAction;
  correlationId: string;
}

/**
 * The one way a use case gets hold of an order for a caller, so every route asks the policy the
 * same two questions in the same order:
 * 1. may the caller see the order at all (`ReadRepairOrder`, defense `bola`)? Missing, malformed and
 *    denied all answer the same 404 `REPAIR.ORDER_NOT_FOUND`, so ids cannot be probed;
 * 2. for a write, may the caller do this to an order it may see (defense `bfla`)? No: 403
 *    `AUTHZ.FORBIDDEN`.
 * Each decision is audit-logged (`auditDecision`): every denial, and every allow that only a
 * training rule gave.
 */
@Injectable()
export class RepairOrderAccess {
  constructor(
    private readonly orders: RepairOrderRepository,
    private readonly policy: RepairPolicy,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async orderFor({
    caller,
    orderId,
    action,
    correlationId,
  }: OrderRequest): Promise<RepairOrderSnapshot> {
    if (!UUID.test(orderId)) throw new RepairOrderNotFound();
    const order = await this.orders.findById(orderId.toLowerCase());
    if (!order) throw new RepairOrderNotFound();
    const about = { log: this.log, caller, correlationId, resource: `repair-order:${order.id}` };
    const visible = auditDecision(this.policy.canRead(caller, order), {
      ...about,
      defense: 'bola',
      action: 'ReadRepairOrder',
    });
    if (!visible) throw new RepairOrderNotFound();
    if (action === 'ReadRepairOrder') return order;
    const decision = this.policy.onOrder(caller, action, order);
    // A denial here is function level. An allow that only a training rule gave is object level:
    // every training rule of repair.cedar is a `bola` rule (another shop's order).
    const allowed = auditDecision(decision, {
      ...about,
      defense: decision.allowed ? 'bola' : 'bfla',
      action,
    });
    if (!allowed)
      throw new DomainError('AUTHZ.FORBIDDEN', 'This party may not do that to this order');
    return order;
  }
}
