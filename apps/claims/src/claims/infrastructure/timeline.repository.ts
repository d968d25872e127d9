import { Injectable } from '@nestjs/common';
import type { LogPosition } from '@claimguard/messaging';
import { PrismaService } from '../../platform/prisma.service.js';
import {
  TimelineRepository,
  type TimelineEntry,
} from '../application/ports/timeline.repository.port.js';
import type { Transaction } from '../application/ports/transaction.js';
import { prismaOf } from './prisma-transaction.js';

/** The timeline read model in PostgreSQL (`timeline_entries`). */
@Injectable()
export class PrismaTimelineRepository extends TimelineRepository {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async record(entry: TimelineEntry, position: LogPosition, tx: Transaction): Promise<void> {
    // The event id is the key: a replay (or a rebuild racing the live projection) is a no-op.
    await prismaOf(tx).timelineEntry.createMany({
      data: [
        {
          ...entry,
          logTopic: position.topic,
          logPartition: position.partition,
          logOffset: BigInt(position.offset),
        },
      ],
      skipDuplicates: true,
    });
  }

  async forClaim(claimId: string): Promise<TimelineEntry[]> {
    const rows = await this.prisma.timelineEntry.findMany({
      where: { claimId },
      // Not by recordedAt: that is when this projection consumed the event, which a rebuild
      // reading four topics at once does in another order.
      orderBy: [
        { occurredAt: 'asc' },
        { logTopic: 'asc' },
        { logPartition: 'asc' },
        { logOffset: 'asc' },
      ],
      select: {
        eventId: true,
        claimId: true,
        type: true,
        source: true,
        occurredAt: true,
        summary: true,
        redactedSummary: true,
      },
    });
    return rows;
  }
}
