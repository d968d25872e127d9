import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '@claimguard/observability';
import type { ServiceOutboxRelay } from '../platform/service-database.js';
import { LOGGER, OUTBOX_RELAY } from '../tokens.js';
import { RetryingStart } from './retrying-start.js';
import { KAFKA_PRODUCER, type KafkaProducer } from './kafka-types.js';

/**
 * Connects the producer and runs the outbox relay for the life of the app. Connecting happens in
 * the background with retries: the service keeps serving while the broker is away, and the outbox
 * hands events over once it is back. Shutdown waits at most ~2 s for a connect still under way.
 */
@Injectable()
export class OutboxRelayLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly start: RetryingStart;

  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: KafkaProducer,
    @Inject(OUTBOX_RELAY) private readonly relay: ServiceOutboxRelay,
    @Inject(LOGGER) log: Logger,
  ) {
    this.start = new RetryingStart({
      attempt: () => producer.connect(),
      onStarted: () => relay.start(),
      onStartedTooLate: () => producer.disconnect(),
      logger: log,
      failureMessage: 'kafka producer could not connect; retrying',
    });
  }

  onApplicationBootstrap(): void {
    this.start.begin();
  }

  /**
   * Module destroy runs before the database disconnects (application shutdown), so the relay can
   * finish its batch. This global module is destroyed after the service's feature modules, so
   * their consumers have stopped (and nudged the relay a last time) by now.
   */
  async onModuleDestroy(): Promise<void> {
    await this.start.stop();
    await this.relay.stop();
    await this.producer.disconnect();
  }
}
