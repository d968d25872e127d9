import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  CLAIM_EVENT_TYPES,
  ClaimFiledV1Schema,
  TOPICS,
  type EventEnvelope,
} from '@claimguard/contracts';
import { EventConsumer, PoisonMessageError, type ConsumerStats } from '@claimguard/messaging';
import type { Logger } from '@claimguard/observability';
import type { TowingConfig } from '../../config.js';
import type { Prisma } from '../../generated/prisma/client.js';
import {
  KAFKA,
  LOGGER,
  OUTBOX_RELAY,
  RetryingStart,
  type Kafka,
  type ServiceOutboxRelay,
} from '@claimguard/service-kit';
import { PrismaService } from '../../platform/prisma.service.js';
import { TOWING_CONFIG } from '../../platform/tokens.js';
import { OpenTowJobCommand } from '../application/commands/open-tow-job/open-tow-job.command.js';
import { asTransaction } from '../infrastructure/prisma-transaction.js';

/**
 * The message entry of towing: consumes `claims.events.v1` and turns each `ClaimFiled` v1 into an
 * `OpenTowJob` command. `EventConsumer` (libs/messaging) does the delivery rules: envelope and
 * emitter checks, the inbox row in the same transaction as the job (an event delivered twice opens
 * one job), and the DLQ with a reason for anything unusable. A handler error is retried, then
 * dead-lettered, and the consumer goes on with the next message.
 */
@Injectable()
export class ClaimEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: EventConsumer<Prisma.TransactionClient>;
  private readonly starter: RetryingStart;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    prisma: PrismaService,
    private readonly commands: CommandBus,
    @Inject(OUTBOX_RELAY) relay: ServiceOutboxRelay,
    @Inject(TOWING_CONFIG) config: TowingConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.consumer = new EventConsumer<Prisma.TransactionClient>({
      kafka,
      consumer: config.KAFKA_CONSUMER_GROUP,
      topics: [TOPICS.claims],
      handlers: {
        [CLAIM_EVENT_TYPES.ClaimFiled]: (envelope, tx) => this.onClaimFiled(envelope, tx),
      },
      transaction: (fn) => prisma.$transaction(fn, { timeout: 10_000 }),
      logger: log,
      // The job's TowJobCreated is in the outbox once this commits: publish it now, not at the next poll.
      afterCommit: () => relay.nudge(),
    });
    this.starter = new RetryingStart({
      attempt: () => this.consumer.start(),
      onStarted: () => log.info({ topic: TOPICS.claims }, 'ClaimFiled consumer started'),
      // Shutdown began while connecting: do not leave a running consumer behind.
      onStartedTooLate: () => this.consumer.stop(),
      onFailed: () => this.consumer.stop(),
      logger: log,
      failureMessage: 'ClaimFiled consumer could not start; retrying',
    });
  }

  /** What the consumer did so far (processed, duplicates, skipped, dead-lettered). */
  get stats(): Readonly<ConsumerStats> {
    return this.consumer.stats;
  }

  /**
   * Starts in the background with retries, like the producer: HTTP reads keep working while the
   * broker is away, and unread events simply wait in Kafka. Runs after CqrsModule (a global
   * module) has registered the command handlers in its own bootstrap hook.
   */
  onApplicationBootstrap(): void {
    this.starter.begin();
  }

  /**
   * Towing's module is destroyed before the global messaging and platform modules, so the relay
   * and the database are still there while the last message finishes. A start still retrying
   * against an unreachable broker is waited for at most a moment (RetryingStart).
   */
  async onModuleDestroy(): Promise<void> {
    await this.starter.stop();
    await this.consumer.stop();
  }

  /** Dead-letters (PoisonMessageError) anything but a well-formed `ClaimFiled` v1. */
  private async onClaimFiled(envelope: EventEnvelope, tx: Prisma.TransactionClient): Promise<void> {
    if (envelope.version !== 1) {
      throw new PoisonMessageError(`ClaimFiled version ${envelope.version} is not supported`);
    }
    const parsed = ClaimFiledV1Schema.safeParse(envelope.data);
    if (!parsed.success) {
      // Paths only: the reason lands in a DLQ header and in logs, the values may be personal data.
      const paths = parsed.error.issues.map((i) => i.path.join('.') || '(data)').join(', ');
      throw new PoisonMessageError(`ClaimFiled v1 data is invalid at ${paths}`);
    }
    const claim = parsed.data;
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
