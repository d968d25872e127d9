import { Inject, Injectable } from '@nestjs/common';
import { TOPICS } from '@claimguard/contracts';
import { appendToOutbox } from '@claimguard/messaging';
import { OUTBOX_RELAY, type ServiceOutboxRelay } from '@claimguard/service-kit';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../platform/prisma.service.js';
import {
  ReservationRepository,
  type ChangeContext,
  type ReservationChange,
} from '../application/ports/reservation.repository.port.js';
import type { Transaction } from '../application/ports/transaction.js';
import type { Reservation, ReservationSnapshot } from '../domain/reservation.js';
import type { ReservationEvent } from '../domain/reservation.events.js';
import { prismaOf } from './prisma-transaction.js';
import { toCreateInput, toMoveInput, toSnapshot } from './reservation.mapper.js';
import { toEnvelope } from './reservation-event.envelope.js';

/**
 * Reservations in PostgreSQL. Every change is written with its events into the outbox in one
 * transaction: the causing event's (the consumer nudges the relay after that commit), or, for an
 * agent's request, a transaction of its own, after which the relay is nudged here.
 */
@Injectable()
export class PrismaReservationRepository extends ReservationRepository {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(OUTBOX_RELAY) private readonly relay: ServiceOutboxRelay,
  ) {
    super();
  }

  async findByClaimId(claimId: string, tx: Transaction): Promise<ReservationSnapshot | undefined> {
    const row = await prismaOf(tx).reservation.findUnique({ where: { claimId } });
    return row ? toSnapshot(row) : undefined;
  }

  async add(
    reservation: Reservation,
    events: readonly ReservationEvent[],
    context: ChangeContext,
    tx: Transaction,
  ): Promise<void> {
    const db = prismaOf(tx);
    await db.reservation.create({ data: toCreateInput(reservation.snapshot()) });
    await appendEvents(db, events, context);
  }

  async update(change: ReservationChange, tx?: Transaction): Promise<boolean> {
    if (tx) return applyMove(prismaOf(tx), change);
    const applied = await this.prisma.$transaction((db) => applyMove(db, change));
    if (applied) this.relay.nudge();
    return applied;
  }

  async findById(id: string): Promise<ReservationSnapshot | undefined> {
    const row = await this.prisma.reservation.findUnique({ where: { id } });
    return row ? toSnapshot(row) : undefined;
  }

  async listByMember(memberId: string, limit: number): Promise<ReservationSnapshot[]> {
    const rows = await this.prisma.reservation.findMany({
      where: { memberId },
      orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toSnapshot);
  }

  async listByAgency(agencyId: string, limit: number): Promise<ReservationSnapshot[]> {
    const rows = await this.prisma.reservation.findMany({
      where: { agencyId },
      orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toSnapshot);
  }
}

/** Compare-and-set on the status, then the events; nothing is written when the status moved on. */
async function applyMove(
  db: Prisma.TransactionClient,
  change: ReservationChange,
): Promise<boolean> {
  const { reservation, expectedStatus, events, context } = change;
  const { count } = await db.reservation.updateMany({
    where: { id: reservation.id, status: expectedStatus },
    data: toMoveInput(reservation.snapshot()),
  });
  if (count !== 1) return false;
  await appendEvents(db, events, context);
  return true;
}

async function appendEvents(
  db: Prisma.TransactionClient,
  events: readonly ReservationEvent[],
  context: ChangeContext,
): Promise<void> {
  for (const event of events) await appendToOutbox(db, TOPICS.rental, toEnvelope(event, context));
}
