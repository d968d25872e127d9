import { Inject, Injectable } from '@nestjs/common';
import { TOPICS } from '@claimguard/contracts';
import { appendToOutbox } from '@claimguard/messaging';
import { OUTBOX_RELAY, type ServiceOutboxRelay } from '@claimguard/service-kit';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../platform/prisma.service.js';
import {
  RepairOrderRepository,
  type ChangeContext,
} from '../application/ports/repair-order.repository.port.js';
import type { Transaction } from '../application/ports/transaction.js';
import type { RepairOrder, RepairOrderSnapshot } from '../domain/repair-order.js';
import type { RepairOrderEvent } from '../domain/repair-order.events.js';
import type { RepairOrderStatus } from '../domain/repair-order-status.js';
import { prismaOf } from './prisma-transaction.js';
import { toChangedColumns, toCreateInput, toSnapshot } from './repair-order.mapper.js';
import { toEnvelope } from './repair-order-event.envelope.js';

/**
 * Repair orders in PostgreSQL. An order is written with its events into the outbox in ONE
 * transaction (transactional outbox): the event's own transaction when an event caused the change
 * (the consumer nudges the relay after that commit), else one of its own, after which the relay is
 * nudged here so the events leave at once instead of at the next poll.
 */
@Injectable()
export class PrismaRepairOrderRepository extends RepairOrderRepository {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(OUTBOX_RELAY) private readonly relay: ServiceOutboxRelay,
  ) {
    super();
  }

  async findByClaimId(claimId: string, tx: Transaction): Promise<RepairOrderSnapshot | undefined> {
    const row = await prismaOf(tx).repairOrder.findUnique({ where: { claimId } });
    return row ? toSnapshot(row) : undefined;
  }

  async add(
    order: RepairOrder,
    events: readonly RepairOrderEvent[],
    context: ChangeContext,
    tx: Transaction,
  ): Promise<void> {
    const db = prismaOf(tx);
    await db.repairOrder.create({ data: toCreateInput(order.snapshot()) });
    await this.appendEvents(db, events, context);
  }

  async update(
    order: RepairOrder,
    expected: RepairOrderStatus,
    events: readonly RepairOrderEvent[],
    context: ChangeContext,
    tx?: Transaction,
  ): Promise<boolean> {
    const write = async (db: Prisma.TransactionClient): Promise<boolean> => {
      const { count } = await db.repairOrder.updateMany({
        where: { id: order.id, status: expected },
        data: toChangedColumns(order.snapshot()),
      });
      if (count === 0) return false;
      await this.appendEvents(db, events, context);
      return true;
    };
    if (tx) return write(prismaOf(tx));
    const saved = await this.prisma.$transaction(write);
    if (saved && events.length > 0) this.relay.nudge();
    return saved;
  }

  async findById(id: string): Promise<RepairOrderSnapshot | undefined> {
    const row = await this.prisma.repairOrder.findUnique({ where: { id } });
    return row ? toSnapshot(row) : undefined;
  }

  async listByShop(shopId: string, limit: number): Promise<RepairOrderSnapshot[]> {
    const rows = await this.prisma.repairOrder.findMany({
      where: { shopId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toSnapshot);
  }

  private async appendEvents(
    db: Prisma.TransactionClient,
    events: readonly RepairOrderEvent[],
    context: ChangeContext,
  ): Promise<void> {
    for (const event of events) await appendToOutbox(db, TOPICS.repair, toEnvelope(event, context));
  }
}
