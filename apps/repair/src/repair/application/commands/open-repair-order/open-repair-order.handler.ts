import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import { RepairOrder } from '../../../domain/repair-order.js';
import { RepairOrderRepository } from '../../ports/repair-order.repository.port.js';
import { RepairShopRepository } from '../../ports/repair-shop.repository.port.js';
import { OpenRepairOrderCommand, type OpenRepairOrderResult } from './open-repair-order.command.js';

/**
 * Opens at most one repair order per claim. The inbox already drops a redelivered event; this
 * handler is the second line: a claim that has an order keeps it (a second `VehicleDelivered` for
 * the same claim, under another event id or naming another shop, changes nothing), and the unique
 * `claim_id` column is the third, should two deliveries race (the loser's transaction fails, is
 * retried, and then finds the order). A shop that is not a partner opens nothing.
 */
@CommandHandler(OpenRepairOrderCommand)
export class OpenRepairOrderHandler implements ICommandHandler<OpenRepairOrderCommand> {
  constructor(
    private readonly orders: RepairOrderRepository,
    private readonly shops: RepairShopRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ delivery, context, tx }: OpenRepairOrderCommand): Promise<OpenRepairOrderResult> {
    const existing = await this.orders.findByClaimId(delivery.claimId, tx);
    if (existing) {
      this.log.info(
        {
          claimId: delivery.claimId,
          orderId: existing.id,
          shopId: existing.shopId,
          deliveredTo: delivery.shopId,
          causationId: context.causationId,
        },
        'claim already has a repair order; nothing opened',
      );
      return { outcome: 'already-open', order: existing };
    }
    if (!(await this.shops.findById(delivery.shopId, tx))) return { outcome: 'unknown-shop' };
    const { order, event } = RepairOrder.openForDelivery(delivery, {
      id: randomUUID(),
      now: new Date(),
    });
    await this.orders.add(order, [event], context, tx);
    this.log.info(
      {
        claimId: delivery.claimId,
        orderId: order.id,
        shopId: delivery.shopId,
        correlationId: context.correlationId,
      },
      'repair order opened',
    );
    return { outcome: 'opened', order: order.snapshot() };
  }
}
