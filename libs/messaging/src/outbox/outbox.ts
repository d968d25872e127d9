import {
  eventDataProblem,
  EventEnvelopeSchema,
  mayEmit,
  TOPICS,
  type EventEnvelope,
  type Topic,
} from '@claimguard/contracts';
import { OUTBOX_TABLE, type SqlExecutor } from '../sql.js';

/**
 * Records an event in the outbox inside the caller's transaction, so the state change and the
 * event commit together or not at all. The relay publishes it afterwards.
 * @example await prisma.$transaction(async (tx) => { await tx.claim.create(...); await appendToOutbox(tx, TOPICS.claims, envelope); });
 */
export async function appendToOutbox(
  tx: SqlExecutor,
  topic: Topic,
  envelope: EventEnvelope,
): Promise<void> {
  // Validate on produce: a malformed envelope is a bug here, not a poison message downstream.
  EventEnvelopeSchema.parse(envelope);
  const problem = mayEmit(envelope.source, envelope.type)
    ? eventDataProblem(envelope.type, envelope.version, envelope.data)
    : `${envelope.source} may not emit ${envelope.type}`;
  if (problem) throw new Error(`refusing to append an event that breaks the contract: ${problem}`);
  if (TOPICS[envelope.source as keyof typeof TOPICS] !== topic) {
    throw new Error(`${envelope.source} publishes only to its own topic, not ${topic}`);
  }
  await tx.$executeRawUnsafe(
    `INSERT INTO ${OUTBOX_TABLE} (id, topic, message_key, event_type, payload) VALUES ($1::uuid, $2, $3, $4, $5::jsonb)`,
    envelope.id,
    topic,
    envelope.subject,
    envelope.type,
    JSON.stringify(envelope),
  );
}
