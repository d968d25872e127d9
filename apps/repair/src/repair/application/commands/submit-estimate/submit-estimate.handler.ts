import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import { IllegalRepairTransition } from '../../../domain/repair-order.errors.js';
import { RepairOrder, type RepairOrderSnapshot } from '../../../domain/repair-order.js';
import { RepairOrderAccess } from '../../order-access.js';
import { RepairOrderRepository } from '../../ports/repair-order.repository.port.js';
import { SubmitEstimateCommand } from './submit-estimate.command.js';

/**
 * Submits an order's estimate: policy first (through {@link RepairOrderAccess}), then the
 * aggregate (OPEN → ESTIMATE_SUBMITTED, total computed, `EstimateSubmitted` raised), then one
 * atomic save of the order and its outbox row.
 */
@CommandHandler(SubmitEstimateCommand)
export class SubmitEstimateHandler implements ICommandHandler<SubmitEstimateCommand> {
  constructor(
    private readonly access: RepairOrderAccess,
    private readonly orders: RepairOrderRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({
    caller,
    orderId,
    lineItems,
    correlationId,
  }: SubmitEstimateCommand): Promise<RepairOrderSnapshot> {
    const stored = await this.access.orderFor({
      caller,
      orderId,
      action: 'SubmitEstimate',
      correlationId,
    });
    const order = RepairOrder.restore(stored);
    const event = order.submitEstimate(lineItems, new Date());
    const context = { correlationId, actor: { sub: caller.sub, party: caller.party } };
    if (!(await this.orders.update(order, stored.status, [event], context))) {
      // Another request moved the order between our read and our write: it is no longer OPEN.
      throw new IllegalRepairTransition(stored.status, 'ESTIMATE_SUBMITTED');
    }
    this.log.info(
      { orderId: order.id, totalCents: event.data.totalCents, correlationId },
      'estimate submitted',
    );
    return order.snapshot();
  }
}
