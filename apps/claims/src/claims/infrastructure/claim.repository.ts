import { Inject, Injectable } from '@nestjs/common';
import { TOPICS } from '@claimguard/contracts';
import { appendToOutbox } from '@claimguard/messaging';
import { OUTBOX_RELAY, type ServiceOutboxRelay } from '@claimguard/service-kit';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../platform/prisma.service.js';
import { ClaimRepository, type ChangeContext } from '../application/ports/claim.repository.port.js';
import type { Transaction } from '../application/ports/transaction.js';
import type { ClaimStatus } from '../domain/claim-status.js';
import type { Claim, ClaimSnapshot } from '../domain/claim.js';
import type { ClaimEvent } from '../domain/claim.events.js';
import { toCreateInput, toSnapshot, toUpdateInput } from './claim.mapper.js';
import { toEnvelope } from './claim-event.envelope.js';
import { prismaOf } from './prisma-transaction.js';

/**
 * Claims in PostgreSQL. Writes go with their events into the outbox in ONE transaction (the
 * transactional outbox). A write in its own transaction nudges the relay after the commit; a write
 * inside an event's transaction leaves that to the consumer, which nudges once it commits.
 */
@Injectable()
export class PrismaClaimRepository extends ClaimRepository {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(OUTBOX_RELAY) private readonly relay: ServiceOutboxRelay,
  ) {
    super();
  }

  async add(claim: Claim, events: readonly ClaimEvent[], context: ChangeContext): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.claim.create({ data: toCreateInput(claim.snapshot()) });
      await appendAll(tx, events, context);
    });
    this.relay.nudge();
  }

  async addUnlessDuplicate(
    claim: Claim,
    events: readonly ClaimEvent[],
    context: ChangeContext,
  ): Promise<ClaimSnapshot | undefined> {
    const { memberId, vehicle, lossDate } = claim.snapshot();
    const existing = await this.prisma.$transaction(async (tx) => {
      // Serializes filings of one member, vehicle and loss date until this transaction ends: the
      // second of two racing requests sees the first one's row.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${memberId}|${vehicle.vin}|${lossDate}`}, 0))`;
      const duplicate = await findDuplicateIn(tx, memberId, vehicle.vin, lossDate);
      if (duplicate) return duplicate;
      await tx.claim.create({ data: toCreateInput(claim.snapshot()) });
      await appendAll(tx, events, context);
      return undefined;
    });
    if (!existing) this.relay.nudge();
    return existing;
  }

  findDuplicate(
    memberId: string,
    vin: string,
    lossDate: string,
  ): Promise<ClaimSnapshot | undefined> {
    return findDuplicateIn(this.prisma, memberId, vin, lossDate);
  }

  async update(
    claim: Claim,
    from: ClaimStatus,
    events: readonly ClaimEvent[],
    context: ChangeContext,
    tx?: Transaction,
  ): Promise<boolean> {
    const write = async (db: Prisma.TransactionClient): Promise<boolean> => {
      const snapshot = claim.snapshot();
      const { count } = await db.claim.updateMany({
        where: { id: snapshot.id, status: from },
        data: toUpdateInput(snapshot),
      });
      if (count !== 1) return false;
      await appendAll(db, events, context);
      return true;
    };
    if (tx) return write(prismaOf(tx));
    const saved = await this.prisma.$transaction(write);
    if (saved && events.length > 0) this.relay.nudge();
    return saved;
  }

  async findById(id: string, tx?: Transaction): Promise<ClaimSnapshot | undefined> {
    const db = tx ? prismaOf(tx) : this.prisma;
    const row = await db.claim.findUnique({ where: { id } });
    return row ? toSnapshot(row) : undefined;
  }

  async listByMember(memberId: string, limit: number): Promise<ClaimSnapshot[]> {
    const rows = await this.prisma.claim.findMany({
      where: { memberId },
      orderBy: [{ filedAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toSnapshot);
  }

  async listByAdjuster(adjusterId: string, limit: number): Promise<ClaimSnapshot[]> {
    const rows = await this.prisma.claim.findMany({
      where: { adjusterId },
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toSnapshot);
  }
}

async function appendAll(
  db: Prisma.TransactionClient,
  events: readonly ClaimEvent[],
  context: ChangeContext,
): Promise<void> {
  for (const event of events) await appendToOutbox(db, TOPICS.claims, toEnvelope(event, context));
}

async function findDuplicateIn(
  db: Prisma.TransactionClient,
  memberId: string,
  vin: string,
  lossDate: string,
): Promise<ClaimSnapshot | undefined> {
  const row = await db.claim.findFirst({
    where: {
      memberId,
      vehicleVin: vin,
      lossDate: new Date(`${lossDate}T00:00:00.000Z`),
      status: { not: 'DENIED' },
    },
    orderBy: { filedAt: 'asc' },
  });
  return row ? toSnapshot(row) : undefined;
}
