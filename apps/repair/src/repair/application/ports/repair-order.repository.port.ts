import type { Party } from '@claimguard/contracts';
import type { RepairOrder, RepairOrderSnapshot } from '../../domain/repair-order.js';
import type { RepairOrderEvent } from '../../domain/repair-order.events.js';
import type { RepairOrderStatus } from '../../domain/repair-order-status.js';
import type { Transaction } from './transaction.js';

/** Which request or event caused a change; travels into every event envelope. */
export interface ChangeContext {
  /** Kept from the causing request or event, so one claim's story can be followed across services. */
  correlationId: string;
  /** The id of the event that caused this change, when an event did. */
  causationId?: string;
  /** Who caused it, when a person did (an HTTP request). */
  actor?: { sub: string; party: Party };
}

/**
 * Storage of repair orders as the application sees it. An abstract class (not an interface) so it
 * can be the Nest injection token; the Prisma adapter lives in infrastructure/, and unit tests pass
 * a fake.
 */
export abstract class RepairOrderRepository {
  /** The order opened for this claim, or undefined (read inside the event's transaction). */
  abstract findByClaimId(
    claimId: string,
    tx: Transaction,
  ): Promise<RepairOrderSnapshot | undefined>;

  /** Stores a new order and its events (for the outbox) in the event's transaction. */
  abstract add(
    order: RepairOrder,
    events: readonly RepairOrderEvent[],
    context: ChangeContext,
    tx: Transaction,
  ): Promise<void>;

  /**
   * Stores a changed order and its events, but only while the stored order is still in `expected`
   * (optimistic concurrency: two requests racing for one move cannot both win). Returns false, and
   * writes nothing, when someone moved the order first. Without `tx` it runs in a transaction of its
   * own and the events are published right after the commit.
   */
  abstract update(
    order: RepairOrder,
    expected: RepairOrderStatus,
    events: readonly RepairOrderEvent[],
    context: ChangeContext,
    tx?: Transaction,
  ): Promise<boolean>;

  /** The order with this id, or undefined. `id` must already be a UUID. */
  abstract findById(id: string): Promise<RepairOrderSnapshot | undefined>;

  /** A shop's orders, newest first, at most `limit`. */
  abstract listByShop(shopId: string, limit: number): Promise<RepairOrderSnapshot[]>;
}
