import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import { IllegalRepairTransition } from '../../../domain/repair-order.errors.js';
import { RepairOrder, type RepairOrderSnapshot } from '../../../domain/repair-order.js';
import { RepairOrderAccess } from '../../order-access.js';
import { RepairOrderRepository } from '../../ports/repair-order.repository.port.js';
import { CompleteRepairCommand } from './complete-repair.command.js';

/**
 * Completes an approved repair: policy first, then the aggregate (APPROVED → COMPLETED, anything
 * else 409), then one atomic save of the order and its `RepairCompleted` outbox row.
 */
@CommandHandler(CompleteRepairCommand)
export class CompleteRepairHandler implements ICommandHandler<CompleteRepairCommand> {
  constructor(
    private readonly access: RepairOrderAccess,
    private readonly orders: RepairOrderRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({
    caller,
    orderId,
    correlationId,
  }: CompleteRepairCommand): Promise<RepairOrderSnapshot> {
    const stored = await this.access.orderFor({
      caller,
      orderId,
      action: 'CompleteRepair',
      correlationId,
    });
    const order = RepairOrder.restore(stored);
    const event = order.complete(new Date());
    const context = { correlationId, actor: { sub: caller.sub, party: caller.party } };
    if (!(await this.orders.update(order, stored.status, [event], context))) {
      throw new IllegalRepairTransition(stored.status, 'COMPLETED');
    }
    this.log.info({ orderId: order.id, correlationId }, 'repair completed');
    return order.snapshot();
  }
}
