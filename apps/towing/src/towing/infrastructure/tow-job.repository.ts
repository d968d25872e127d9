import { Injectable } from '@nestjs/common';
import { TOPICS } from '@claimguard/contracts';
import { appendToOutbox } from '@claimguard/messaging';
import { PrismaService } from '../../platform/prisma.service.js';
import {
  TowJobRepository,
  type ChangeContext,
} from '../application/ports/tow-job.repository.port.js';
import type { Transaction } from '../application/ports/transaction.js';
import type { TowJob, TowJobSnapshot } from '../domain/tow-job.js';
import type { TowJobEvent } from '../domain/tow-job.events.js';
import { prismaOf } from './prisma-transaction.js';
import { toCreateInput, toSnapshot } from './tow-job.mapper.js';
import { toEnvelope } from './tow-job-event.envelope.js';

/**
 * Tow jobs in PostgreSQL. A job is written with its events into the outbox inside the transaction
 * of the event that caused it (transactional outbox + inbox in one commit). The relay is nudged by
 * the consumer after that commit, not here: before the commit there is nothing to publish yet.
 */
@Injectable()
export class PrismaTowJobRepository extends TowJobRepository {
  constructor(private readonly prisma: PrismaService) {
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
}
