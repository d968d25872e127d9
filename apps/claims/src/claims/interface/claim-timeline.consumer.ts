import { Inject, Injectable } from '@nestjs/common';
import { EVENT_CATALOG, TOPICS, type EventEnvelope } from '@claimguard/contracts';
import type { EventHandler, LogPosition } from '@claimguard/messaging';
import type { Logger } from '@claimguard/observability';
import {
  EVENT_SIGNATURES,
  KAFKA,
  LOGGER,
  OUTBOX_RELAY,
  ServiceEventConsumer,
  type EventSignatures,
  type Kafka,
  type ServiceOutboxRelay,
} from '@claimguard/service-kit';
import type { ClaimsConfig } from '../../config.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../platform/prisma.service.js';
import { CLAIMS_CONFIG } from '../../platform/tokens.js';
import { TimelineRepository } from '../application/ports/timeline.repository.port.js';
import { timelineEntryOf } from '../application/projections/claim-timeline.projection.js';
import { asTransaction } from '../infrastructure/prisma-transaction.js';

/** The services whose events tell a claim's story. */
const STORY_TOPICS = [TOPICS.claims, TOPICS.towing, TOPICS.repair, TOPICS.rental];
const STORY_SOURCES = new Set<string>(['claims', 'towing', 'repair', 'rental']);

/**
 * The timeline projection (CQRS read model): every event of claims, towing, repair and rental
 * about a claim becomes one entry. Its own consumer group, so it can be rebuilt from the topics by
 * starting it under a new group (TIMELINE_CONSUMER_GROUP) without replaying the saga.
 */
@Injectable()
export class ClaimTimelineConsumer extends ServiceEventConsumer<Prisma.TransactionClient> {
  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(OUTBOX_RELAY) relay: ServiceOutboxRelay,
    @Inject(EVENT_SIGNATURES) signatures: EventSignatures,
    @Inject(LOGGER) logger: Logger,
    @Inject(CLAIMS_CONFIG) config: ClaimsConfig,
    prisma: PrismaService,
    private readonly timeline: TimelineRepository,
  ) {
    const project: EventHandler<Prisma.TransactionClient> = (envelope, tx, position) =>
      this.project(envelope, tx, position);
    super(
      { kafka, relay, signatures, logger },
      {
        consumer: config.TIMELINE_CONSUMER_GROUP,
        topics: STORY_TOPICS,
        handlers: Object.fromEntries(
          Object.entries(EVENT_CATALOG)
            .filter(([, info]) => STORY_SOURCES.has(info.source))
            .map(([type]) => [type, project]),
        ),
        transaction: (fn) => prisma.$transaction(fn, { timeout: 10_000 }),
      },
    );
  }

  private async project(
    envelope: EventEnvelope,
    tx: Prisma.TransactionClient,
    position: LogPosition,
  ): Promise<void> {
    const entry = timelineEntryOf(envelope);
    if (entry) await this.timeline.record(entry, position, asTransaction(tx));
  }
}
