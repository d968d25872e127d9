import {
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { createKafka, OutboxRelay } from '@claimguard/messaging';
import type { Logger } from '@claimguard/observability';
import type { TowingConfig } from '../config.js';
import type { Prisma } from '../generated/prisma/client.js';
import { SERVICE_NAME } from '../service-name.js';
import { PrismaService } from './prisma.service.js';
import { KAFKA, LOGGER, OUTBOX_RELAY, TOWING_CONFIG } from './tokens.js';

export type Kafka = ReturnType<typeof createKafka>;
type Producer = ReturnType<Kafka['producer']>;

export type TowingOutboxRelay = OutboxRelay<Prisma.TransactionClient>;

const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

/** How long shutdown waits for a producer that is still connecting. */
const CONNECT_WAIT_ON_SHUTDOWN_MS = 2_000;

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Connects the producer and runs the outbox relay for the life of the app. Connecting happens in
 * the background with retries: the service keeps serving reads while the broker is away, and the
 * outbox hands events over once it is back.
 */
@Injectable()
class OutboxRelayLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private stopped = false;
  private connecting: Promise<void> | undefined;

  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @Inject(OUTBOX_RELAY) private readonly relay: TowingOutboxRelay,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.connecting = this.connectThenRelay();
  }

  /**
   * Module destroy runs before Prisma disconnects (application shutdown), so the relay can finish.
   * This global module is destroyed after the towing module, so the consumer has stopped by now.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    // Not waiting for a connect that kafkajs keeps retrying (up to ~30 s) against a broker that
    // is down: SIGTERM must not hang. The retry loop sees `stopped` and disconnects itself.
    await Promise.race([this.connecting, delay(CONNECT_WAIT_ON_SHUTDOWN_MS)]);
    await this.relay.stop();
    await this.producer.disconnect();
  }

  private async connectThenRelay(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.producer.connect();
        if (this.stopped) await this.producer.disconnect();
        else this.relay.start();
        return;
      } catch (error) {
        this.log.warn({ err: error, attempt }, 'kafka producer could not connect; retrying');
        await delay(Math.min(10_000, 500 * 2 ** attempt));
      }
    }
  }
}

/** The Kafka client, its producer and the transactional-outbox relay of the towing service. */
@Global()
@Module({
  providers: [
    {
      provide: KAFKA,
      inject: [TOWING_CONFIG, LOGGER],
      useFactory: (config: TowingConfig, logger: Logger): Kafka =>
        createKafka({ clientId: SERVICE_NAME, brokers: config.KAFKA_BROKERS, logger }),
    },
    {
      provide: KAFKA_PRODUCER,
      inject: [KAFKA],
      useFactory: (kafka: Kafka): Producer =>
        kafka.producer({
          // One request in flight keeps each job's events in commit order across retries. Not
          // idempotent on purpose: kafkajs wants unlimited retries for that, which would hold the
          // relay's transaction while the broker is down; delivery is at least once anyway and
          // consumers dedupe by event id (inbox).
          maxInFlightRequests: 1,
        }),
    },
    {
      provide: OUTBOX_RELAY,
      inject: [PrismaService, KAFKA_PRODUCER, LOGGER],
      useFactory: (prisma: PrismaService, producer: Producer, logger: Logger): TowingOutboxRelay =>
        new OutboxRelay<Prisma.TransactionClient>({
          // Longer than Prisma's 5 s default: the batch's row locks are held while Kafka acks.
          transaction: (fn) => prisma.$transaction(fn, { timeout: 30_000 }),
          producer,
          logger,
        }),
    },
    OutboxRelayLifecycle,
  ],
  exports: [KAFKA, OUTBOX_RELAY],
})
export class MessagingModule {}
