import { Module, type DynamicModule } from '@nestjs/common';
import type { DefenseSwitches } from '@claimguard/config';
import {
  createKafka,
  FileEventKeyResolver,
  loadOrCreateEventSigningKey,
  OutboxRelay,
  type EventSigningKey,
  type SqlExecutor,
} from '@claimguard/messaging';
import type { Logger } from '@claimguard/observability';
import type { ServiceDatabase, ServiceOutboxRelay } from '../platform/service-database.js';
import {
  DATABASE,
  EVENT_SIGNATURES,
  EVENT_SIGNING_KEY,
  KAFKA,
  LOGGER,
  OUTBOX_RELAY,
} from '../tokens.js';
import { crashPoint } from '../faults/crash-points.js';
import type { EventSignatures } from './event-signatures.js';
import { KAFKA_PRODUCER, type Kafka, type KafkaProducer } from './kafka-types.js';
import { OutboxRelayLifecycle } from './outbox-relay.lifecycle.js';

export interface OutboxMessagingOptions {
  /** The Kafka client id: the service's name. */
  clientId: string;
  /** Bootstrap brokers (`KAFKA_BROKERS` of `serviceEnv`). */
  brokers: string[];
  /** `EVENT_KEYS_DIR` of `serviceEnv`: own signing key and the producers' public keys. */
  eventKeysDir: string;
  /** The training switches (`event-signing` decides whether consumers verify signatures). */
  defenses: DefenseSwitches;
}

/**
 * The service's Kafka client (`KAFKA`, for its consumers), the producer, and the
 * transactional-outbox relay (`OUTBOX_RELAY`) over the service's `DATABASE`, started and stopped
 * with the app. Needs `LOGGER` and `DATABASE` from `ServicePlatformModule`. Global.
 * @example OutboxMessagingModule.forRoot({ clientId: 'claims', brokers: config.KAFKA_BROKERS })
 */
@Module({})
export class OutboxMessagingModule {
  static forRoot(options: OutboxMessagingOptions): DynamicModule {
    return {
      module: OutboxMessagingModule,
      global: true,
      providers: [
        {
          provide: KAFKA,
          inject: [LOGGER],
          useFactory: (logger: Logger): Kafka =>
            createKafka({ clientId: options.clientId, brokers: options.brokers, logger }),
        },
        {
          provide: KAFKA_PRODUCER,
          inject: [KAFKA],
          useFactory: (kafka: Kafka): KafkaProducer =>
            kafka.producer({
              // One request in flight keeps each aggregate's events in commit order across retries.
              // Not idempotent on purpose: kafkajs wants unlimited retries for that, which would
              // hold the relay's transaction while the broker is down; delivery is at least once
              // anyway and consumers dedupe by event id (inbox).
              maxInFlightRequests: 1,
            }),
        },
        {
          provide: EVENT_SIGNING_KEY,
          // Created on first start: the service signs with its own key, which it alone reads.
          useFactory: (): Promise<EventSigningKey> =>
            loadOrCreateEventSigningKey(options.eventKeysDir, options.clientId),
        },
        {
          provide: EVENT_SIGNATURES,
          useFactory: (): EventSignatures => ({
            keys: new FileEventKeyResolver(options.eventKeysDir),
            enforced: () => options.defenses.isOn('event-signing'),
          }),
        },
        {
          provide: OUTBOX_RELAY,
          inject: [DATABASE, KAFKA_PRODUCER, LOGGER, EVENT_SIGNING_KEY],
          useFactory: (
            database: ServiceDatabase,
            producer: KafkaProducer,
            logger: Logger,
            signer: EventSigningKey,
          ): ServiceOutboxRelay =>
            new OutboxRelay<SqlExecutor>({
              // Longer than Prisma's 5 s default: the batch's row locks are held while Kafka acks.
              transaction: (fn) => database.$transaction(fn, { timeout: 30_000 }),
              producer,
              logger,
              signer,
              beforePublish: () => crashPoint('exit-before-publish', logger),
              afterPublish: () => crashPoint('exit-after-publish', logger),
            }),
        },
        OutboxRelayLifecycle,
      ],
      exports: [KAFKA, OUTBOX_RELAY, EVENT_SIGNATURES, EVENT_SIGNING_KEY],
    };
  }
}
