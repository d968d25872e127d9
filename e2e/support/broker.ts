import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { EventEnvelope, Topic } from '@claimguard/contracts';
import {
  createEnvelope,
  loadOrCreateEventSigningKey,
  signedEventMessage,
  type NewEvent,
} from '@claimguard/messaging';
import { env } from './env.js';

/**
 * Publishes straight to the broker as a compromised service would: an envelope of the attacker's
 * making, signed with the key of the service the attacker controls (read from its key folder).
 * Returns the envelope, whose correlation id finds the consumers' audit lines.
 */
export async function publishAs(
  signingService: string,
  topic: Topic,
  event: Omit<NewEvent<unknown>, 'correlationId'>,
): Promise<EventEnvelope> {
  const key = await loadOrCreateEventSigningKey(env.eventKeysDir, signingService);
  const envelope = createEnvelope({ ...event, correlationId: randomUUID() });
  const kafka = new Kafka({
    clientId: `attacker-${signingService}`,
    brokers: env.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: [await signedEventMessage(key, envelope)] });
  } finally {
    await producer.disconnect();
  }
  return envelope;
}
