import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Topic } from '@claimguard/contracts';
import {
  EventConsumer,
  type ConsumerStats,
  type EventHandler,
  type SqlExecutor,
  type TransactionRunner,
} from '@claimguard/messaging';
import { audit, type Logger } from '@claimguard/observability';
import { crashPoint } from '../faults/crash-points.js';
import type { ServiceOutboxRelay } from '../platform/service-database.js';
import type { EventSignatures } from './event-signatures.js';
import type { Kafka } from './kafka-types.js';
import { RetryingStart } from './retrying-start.js';

/** What the chassis hands every consumer: inject each with its token (`KAFKA`, `LOGGER`, …). */
export interface ConsumerChassis {
  kafka: Kafka;
  relay: ServiceOutboxRelay;
  signatures: EventSignatures;
  logger: Logger;
}

/** What a consumer is: its group, its topics, its handlers and its transactions. */
export interface ServiceEventConsumerOptions<TTx extends SqlExecutor> {
  /** Consumer group and inbox consumer name, e.g. `repair` or `claims-timeline`. */
  consumer: string;
  topics: Topic[];
  handlers: Record<string, EventHandler<TTx>>;
  transaction: TransactionRunner<TTx>;
}

/**
 * Base of every event entry of a service: an {@link EventConsumer} (envelope, emitter, signature
 * and data checks; inbox and DLQ) started in the background with retries once the app has
 * bootstrapped (HTTP serves while the broker is away; unread events wait in Kafka) and stopped
 * before the chassis' relay and database. Refused events are audit-logged (`event.rejected`).
 * Outbox rows a handler appended are published right after its commit (the relay is nudged).
 * @example
 * \@Injectable()
 * export class ClaimEventsConsumer extends ServiceEventConsumer<Prisma.TransactionClient> {
 *   constructor(\@Inject(KAFKA) kafka: Kafka, \@Inject(OUTBOX_RELAY) relay: ServiceOutboxRelay,
 *     \@Inject(EVENT_SIGNATURES) signatures: EventSignatures, \@Inject(LOGGER) logger: Logger,
 *     prisma: PrismaService) {
 *     super({ kafka, relay, signatures, logger }, { consumer: 'towing', topics: [TOPICS.claims],
 *       handlers: { ClaimFiled: (e, tx) => ... }, transaction: (fn) => prisma.$transaction(fn) });
 *   }
 * }
 */
export abstract class ServiceEventConsumer<TTx extends SqlExecutor>
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly consumer: EventConsumer<TTx>;
  private readonly starter: RetryingStart;

  protected constructor(chassis: ConsumerChassis, options: ServiceEventConsumerOptions<TTx>) {
    const { kafka, relay, signatures, logger } = chassis;
    this.consumer = new EventConsumer<TTx>({
      kafka,
      consumer: options.consumer,
      topics: options.topics,
      handlers: options.handlers,
      transaction: options.transaction,
      logger,
      signatures,
      afterCommit: () => {
        crashPoint('exit-after-consume-commit', logger);
        relay.nudge();
      },
      onRejected: ({ topic, eventId, type, correlationId, reason }) =>
        audit(logger, {
          action: 'event.rejected',
          correlationId,
          defense: reason.includes('sign') ? 'event-signing' : undefined,
          resource: `${topic}${eventId ? `/${eventId}` : ''}${type ? ` (${type})` : ''}`,
          reason,
        }),
    });
    this.starter = new RetryingStart({
      attempt: () => this.consumer.start(),
      onStarted: () =>
        logger.info(
          { consumer: options.consumer, topics: options.topics },
          'event consumer started',
        ),
      // Shutdown began while connecting: do not leave a running consumer behind.
      onStartedTooLate: () => this.consumer.stop(),
      onFailed: () => this.consumer.stop(),
      logger,
      failureMessage: `event consumer ${options.consumer} could not start; retrying`,
    });
  }

  /** What the consumer did so far (processed, duplicates, skipped, dead-lettered). */
  get stats(): Readonly<ConsumerStats> {
    return this.consumer.stats;
  }

  /** Runs after CqrsModule (global) registered the command handlers in its own bootstrap hook. */
  onApplicationBootstrap(): void {
    this.starter.begin();
  }

  /**
   * Feature modules are destroyed before the chassis' global modules, so the relay and the
   * database are still there while the last message finishes.
   */
  async onModuleDestroy(): Promise<void> {
    await this.starter.stop();
    await this.consumer.stop();
  }
}
