import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  CLAIM_EVENT_TYPES,
  TOPICS,
  type ClaimFiledV1,
  type EventEnvelope,
} from '@claimguard/contracts';
import { PoisonMessageError } from '@claimguard/messaging';
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
import type { TowingConfig } from '../../config.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../platform/prisma.service.js';
import { TOWING_CONFIG } from '../../platform/tokens.js';
import { OpenTowJobCommand } from '../application/commands/open-tow-job/open-tow-job.command.js';
import { asTransaction } from '../infrastructure/prisma-transaction.js';

/**
 * The message entry of towing: consumes `claims.events.v1` and turns each `ClaimFiled` v1 into an
 * `OpenTowJob` command. The chassis' consumer does the delivery rules before this runs: envelope,
 * emitter, signature and data checks against the event catalog, the inbox row in the same
 * transaction as the job (an event delivered twice opens one job), and the DLQ with a reason for
 * anything unusable. A handler error is retried; the partition waits meanwhile.
 */
@Injectable()
export class ClaimEventsConsumer extends ServiceEventConsumer<Prisma.TransactionClient> {
  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(OUTBOX_RELAY) relay: ServiceOutboxRelay,
    @Inject(EVENT_SIGNATURES) signatures: EventSignatures,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(TOWING_CONFIG) config: TowingConfig,
    prisma: PrismaService,
    private readonly commands: CommandBus,
  ) {
    super(
      { kafka, relay, signatures, logger: log },
      {
        consumer: config.KAFKA_CONSUMER_GROUP,
        topics: [TOPICS.claims],
        handlers: {
          [CLAIM_EVENT_TYPES.ClaimFiled]: (envelope, tx) => this.onClaimFiled(envelope, tx),
        },
        transaction: (fn) => prisma.$transaction(fn, { timeout: 10_000 }),
      },
    );
  }

  /** The data already matched `ClaimFiled` v1 of the catalog; the subject must be its claim. */
  private async onClaimFiled(envelope: EventEnvelope, tx: Prisma.TransactionClient): Promise<void> {
    const claim = envelope.data as ClaimFiledV1;
    if (claim.claimId !== envelope.subject) {
      throw new PoisonMessageError('ClaimFiled subject is not its claim id');
    }
    const result = await this.commands.execute(
      new OpenTowJobCommand(
        claim,
        { correlationId: envelope.correlationId ?? envelope.traceId, causationId: envelope.id },
        asTransaction(tx),
      ),
    );
    if (result.outcome === 'not-needed') {
      this.log.debug({ claimId: claim.claimId, eventId: envelope.id }, 'claim needs no tow');
    }
  }
}
