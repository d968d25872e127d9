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
import type { ClaimsConfig } from '../config.js';
import type { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from './prisma.service.js';
import { CLAIMS_CONFIG, LOGGER, OUTBOX_RELAY } from './tokens.js';

type Kafka = ReturnType<typeof createKafka>;
type Producer = ReturnType<Kafka['producer']>;

export type ClaimsOutboxRelay = OutboxRelay<Prisma.TransactionClient>;

const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

/**
 * Connects the producer and runs the outbox relay for the life of the app. Connecting happens in
 * the background with retries: the service accepts claims while the broker is away, and the
 * outbox hands their events over once it is back.
 */
@Injectable()
class OutboxRelayLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private stopped = false;
  private connecting: Promise<void> | undefined;

  constructor(
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @Inject(OUTBOX_RELAY) private readonly relay: ClaimsOutboxRelay,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.connecting = this.connectThenRelay();
  }

  /** Module destroy runs before Prisma disconnects (application shutdown), so the relay can finish. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.connecting;
    await this.relay.stop();
    await this.producer.disconnect();
  }

  private async connectThenRelay(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.producer.connect();
        if (!this.stopped) this.relay.start();
        return;
      } catch (error) {
        this.log.warn({ err: error, attempt }, 'kafka producer could not connect; retrying');
        await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * 2 ** attempt)));
      }
    }
  }
}

/** Kafka producer and the transactional-outbox relay of the claims service. */
@Global()
@Module({
  providers: [
    {
      provide: KAFKA_PRODUCER,
      inject: [CLAIMS_CONFIG, LOGGER],
      useFactory: (config: ClaimsConfig, logger: Logger): Producer =>
        createKafka({ clientId: 'claims', brokers: config.KAFKA_BROKERS, logger }).producer({
          // One request in flight keeps each claim's events in commit order across retries. Not
          // idempotent on purpose: kafkajs wants unlimited retries for that, which would hold the
          // relay's transaction while the broker is down; delivery is at least once anyway and
          // consumers dedupe by event id (inbox).
          maxInFlightRequests: 1,
        }),
    },
    {
      provide: OUTBOX_RELAY,
      inject: [PrismaService, KAFKA_PRODUCER, LOGGER],
      useFactory: (prisma: PrismaService, producer: Producer, logger: Logger): ClaimsOutboxRelay =>
        new OutboxRelay<Prisma.TransactionClient>({
          // Longer than Prisma's 5 s default: the batch's row locks are held while Kafka acks.
          transaction: (fn) => prisma.$transaction(fn, { timeout: 30_000 }),
          producer,
          logger,
        }),
    },
    OutboxRelayLifecycle,
  ],
  exports: [OUTBOX_RELAY],
})
export class MessagingModule {}
