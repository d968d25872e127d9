import { eventDataProblem, type EventEnvelope } from '@claimguard/contracts';
import { createEnvelope } from '@claimguard/messaging';
import { SERVICE_NAME } from '../../service-name.js';
import type { ChangeContext } from '../application/ports/tow-job.repository.port.js';
import type { TowJobEvent } from '../domain/tow-job.events.js';

/**
 * Wraps a domain event in the platform envelope. The data is checked against the schema the event
 * catalog (libs/contracts `EVENT_CATALOG`) holds for its type and version on the way out: a
 * contract break fails the transaction here instead of poisoning a consumer.
 *
 * `subject` is the job id, and `appendToOutbox` makes the subject the Kafka key. That keeps
 * per-claim order too: a claim has at most one job (unique `claim_id`), so all towing events of a
 * claim are the events of one job, on one partition.
 */
export function toEnvelope(event: TowJobEvent, context: ChangeContext): EventEnvelope {
  const problem = eventDataProblem(event.type, event.version, event.data);
  if (problem) throw new Error(`refusing to emit ${event.type}: ${problem}`);
  return createEnvelope({
    type: event.type,
    version: event.version,
    // Consumers check that this source is the registered emitter of the type.
    source: SERVICE_NAME,
    subject: event.jobId,
    data: event.data,
    correlationId: context.correlationId,
    ...(context.causationId ? { causationId: context.causationId } : {}),
    ...(context.actor ? { actor: context.actor } : {}),
  });
}
