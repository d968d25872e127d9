import { Inject, Injectable } from '@nestjs/common';
import { TOPICS } from '@claimguard/contracts';
import { appendToOutbox } from '@claimguard/messaging';
import { OUTBOX_RELAY, type ServiceOutboxRelay } from '@claimguard/service-kit';
import { PrismaService } from '../../platform/prisma.service.js';
import {
  TowJobRepository,
  type ChangeContext,
} from '../application/ports/tow-job.repository.port.js';
import type { Transaction } from '../application/ports/transaction.js';
import type { TowJob, TowJobSnapshot } from '../domain/tow-job.js';
import { IllegalTowJobTransition } from '../domain/tow-job.errors.js';
import type { TowJobEvent } from '../domain/tow-job.events.js';
import type { TowJobStatus } from '../domain/tow-job-status.js';
import { prismaOf } from './prisma-transaction.js';
import { toCreateInput, toSnapshot } from './tow-job.mapper.js';
import { toEnvelope } from './tow-job-event.envelope.js';

/**
 * Tow jobs in PostgreSQL, always written together with their events in the outbox (transactional
 * outbox). A new job is written inside the transaction of the event that caused it (outbox + inbox
 * in one commit); the consumer nudges the relay after that commit. A move requested over HTTP runs
 * in a transaction of its own and nudges the relay here, after its commit.
 */
@Injectable()
export class PrismaTowJobRepository extends TowJobRepository {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(OUTBOX_RELAY) private readonly relay: ServiceOutboxRelay,
  ) {
    super();
  }

  async findByClaimId(claimId: string, tx: Transaction): Promise<TowJobSnapshot | undefined> {
    const row = await prismaOf(tx).towJob.findUnique({ where: { claimId } });
    return row ? toSnapshot(row) : undefined;
  }

  async add(
    job: TowJob,
    events: readonly TowJobEvent[],
    context: ChangeContext,
    tx: Transaction,
  ): Promise<void> {
    const db = prismaOf(tx);
    await db.towJob.create({ data: toCreateInput(job.snapshot()) });
    for (const event of events) await appendToOutbox(db, TOPICS.towing, toEnvelope(event, context));
  }

  async update(
    job: TowJob,
    from: TowJobStatus,
    events: readonly TowJobEvent[],
    context: ChangeContext,
  ): Promise<void> {
    const { id, status, shopId } = job.snapshot();
    await this.prisma.$transaction(async (tx) => {
      // Compare-and-set on the status: of two racing moves from the same state, one updates the
      // row and the other finds nothing to update, so it writes no second event.
      const { count } = await tx.towJob.updateMany({
        where: { id, status: from },
        data: { status, shopId },
      });
      if (count !== 1) {
        throw new IllegalTowJobTransition(
          'Another request moved this tow job first; read it again',
        );
      }
      for (const event of events)
        await appendToOutbox(tx, TOPICS.towing, toEnvelope(event, context));
    });
    this.relay.nudge();
  }

  async findById(id: string): Promise<TowJobSnapshot | undefined> {
    const row = await this.prisma.towJob.findUnique({ where: { id } });
    return row ? toSnapshot(row) : undefined;
  }

  async listByCompany(companyId: string, limit: number): Promise<TowJobSnapshot[]> {
    const rows = await this.prisma.towJob.findMany({
      where: { companyId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toSnapshot);
  }

  async listAll(limit: number): Promise<TowJobSnapshot[]> {
    const rows = await this.prisma.towJob.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toSnapshot);
  }
}
