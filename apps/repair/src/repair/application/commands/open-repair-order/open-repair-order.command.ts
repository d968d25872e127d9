import { Command } from '@nestjs/cqrs';
import type { Delivery, RepairOrderSnapshot } from '../../../domain/repair-order.js';
import type { ChangeContext } from '../../ports/repair-order.repository.port.js';
import type { Transaction } from '../../ports/transaction.js';

/** What became of a delivered car. */
export type OpenRepairOrderResult =
  | { outcome: 'opened'; order: RepairOrderSnapshot }
  | { outcome: 'already-open'; order: RepairOrderSnapshot }
  | { outcome: 'unknown-shop' };

/**
 * A car was delivered to a shop: open its repair order. Sent by the events consumer inside the
 * `VehicleDelivered` event's transaction, so the order, its outbox row and the inbox row commit
 * together.
 */
export class OpenRepairOrderCommand extends Command<OpenRepairOrderResult> {
  constructor(
    readonly delivery: Delivery,
    readonly context: ChangeContext,
    readonly tx: Transaction,
  ) {
    super();
  }
}
