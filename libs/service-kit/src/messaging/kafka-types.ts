import type { createKafka } from '@claimguard/messaging';

/** The kafkajs client `createKafka` returns (injected as `KAFKA`). */
export type Kafka = ReturnType<typeof createKafka>;
/** The outbox relay's producer. */
export type KafkaProducer = ReturnType<Kafka['producer']>;

/** The relay's producer: internal to the chassis (consumers use `KAFKA`, publishers the outbox). */
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');
