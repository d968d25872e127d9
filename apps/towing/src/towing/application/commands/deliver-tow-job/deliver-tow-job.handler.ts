import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';
import { UnknownShop } from '../../../domain/tow-job.errors.js';
import { RepairShopRepository } from '../../ports/repair-shop.repository.port.js';
import { TowJobMover } from '../tow-job-mover.js';
import { DeliverTowJobCommand } from './deliver-tow-job.command.js';

/**
 * `PICKED_UP` → `DELIVERED` at a partner shop, raising `VehicleDelivered` (claims:
 * `VEHICLE_AT_SHOP`; repair opens an order for the shop). The shop is looked up only once the
 * caller may move the job, so an unknown shop (422 `TOWING.UNKNOWN_SHOP`) tells nothing about jobs
 * the caller may not see.
 */
@CommandHandler(DeliverTowJobCommand)
export class DeliverTowJobHandler implements ICommandHandler<DeliverTowJobCommand> {
  constructor(
    private readonly mover: TowJobMover,
    private readonly shops: RepairShopRepository,
  ) {}

  execute(command: DeliverTowJobCommand): Promise<TowJobSnapshot> {
    return this.mover.move('DeliverTowJob', command, async (job) => {
      const shop = await this.shops.findById(command.shopId);
      if (!shop) throw new UnknownShop();
      return job.deliverTo(shop);
    });
  }
}
