import type { RepairOrder, RepairOrderSnapshot } from '../../domain/repair-order.js';
import type { RepairOrderEvent } from '../../domain/repair-order.events.js';
import type { RepairOrderStatus } from '../../domain/repair-order-status.js';
import { RepairOrderRepository, type ChangeContext } from './repair-order.repository.port.js';
import type { Transaction } from './transaction.js';

/** One write the fake saw, with everything the port was handed. */
export interface RecordedWrite {
  kind: 'add' | 'update';
  order: RepairOrderSnapshot;
  events: readonly RepairOrderEvent[];
  context: ChangeContext;
  tx: Transaction | undefined;
}

/**
 * The repository port in memory, for unit tests of the handlers (no PostgreSQL). It keeps the same
 * optimistic rule as the Prisma adapter: an update applies only while the stored status is the
 * expected one. Test code only.
 */
export class InMemoryRepairOrderRepository extends RepairOrderRepository {
  readonly orders = new Map<string, RepairOrderSnapshot>();
  readonly writes: RecordedWrite[] = [];

  constructor(...stored: RepairOrderSnapshot[]) {
    super();
    for (const order of stored) this.orders.set(order.id, order);
  }

  findByClaimId(claimId: string): Promise<RepairOrderSnapshot | undefined> {
    return Promise.resolve([...this.orders.values()].find((o) => o.claimId === claimId));
  }

  add(
    order: RepairOrder,
    events: readonly RepairOrderEvent[],
    context: ChangeContext,
    tx: Transaction,
  ): Promise<void> {
    const snapshot = order.snapshot();
    this.orders.set(snapshot.id, snapshot);
    this.writes.push({ kind: 'add', order: snapshot, events, context, tx });
    return Promise.resolve();
  }

  update(
    order: RepairOrder,
    expected: RepairOrderStatus,
    events: readonly RepairOrderEvent[],
    context: ChangeContext,
    tx?: Transaction,
  ): Promise<boolean> {
    if (this.orders.get(order.id)?.status !== expected) return Promise.resolve(false);
    const snapshot = order.snapshot();
    this.orders.set(snapshot.id, snapshot);
    this.writes.push({ kind: 'update', order: snapshot, events, context, tx });
    return Promise.resolve(true);
  }

  findById(id: string): Promise<RepairOrderSnapshot | undefined> {
    return Promise.resolve(this.orders.get(id));
  }

  listByShop(shopId: string, limit: number): Promise<RepairOrderSnapshot[]> {
    return Promise.resolve(
      [...this.orders.values()].filter((o) => o.shopId === shopId).slice(0, limit),
    );
  }
}
