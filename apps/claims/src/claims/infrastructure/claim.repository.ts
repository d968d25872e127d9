import { Inject, Injectable } from '@nestjs/common';
import { TOPICS } from '@claimguard/contracts';
import { appendToOutbox } from '@claimguard/messaging';
import { OUTBOX_RELAY, type ServiceOutboxRelay } from '@claimguard/service-kit';
import { PrismaService } from '../../platform/prisma.service.js';
import { ClaimRepository, type ChangeContext } from '../application/ports/claim.repository.port.js';
import type { Claim, ClaimSnapshot } from '../domain/claim.js';
import type { ClaimEvent } from '../domain/claim.events.js';
import { toCreateInput, toSnapshot } from './claim.mapper.js';
import { toEnvelope } from './claim-event.envelope.js';

/**
 * Claims in PostgreSQL. Writes go with their events into the outbox in ONE transaction (the
 * transactional outbox), then the relay is nudged so the events leave at once instead of at the
 * next poll.
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
      for (const event of events)
        await appendToOutbox(tx, TOPICS.claims, toEnvelope(event, context));
    });
    this.relay.nudge();
  }

  async findById(id: string): Promise<ClaimSnapshot | undefined> {
    const row = await this.prisma.claim.findUnique({ where: { id } });
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
}
