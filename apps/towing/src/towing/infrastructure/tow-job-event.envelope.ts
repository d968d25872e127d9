import { TowJobCreatedV1Schema, type EventEnvelope } from '@claimguard/contracts';
import { createEnvelope } from '@claimguard/messaging';
import { SERVICE_NAME } from '../../service-name.js';
import type { ChangeContext } from '../application/ports/tow-job.repository.port.js';
import type { TowJobEvent } from '../domain/tow-job.events.js';

/**
 * Wraps a domain event in the platform envelope. The data is parsed with the public schema on the
 * way out: a contract break fails the transaction here instead of poisoning a consumer.
 *
 * `subject` is the job id, and `appendToOutbox` makes the subject the Kafka key. That keeps
 * per-claim order too: a claim has at most one job (unique `claim_id`), so all towing events of a
 * claim are the events of one job, on one partition.
 */
export function toEnvelope(event: TowJobEvent, context: ChangeContext): EventEnvelope {
  return createEnvelope({
    type: event.type,
    version: event.version,
    // Consumers check that this source is the registered emitter of the type.
    source: SERVICE_NAME,
    subject: event.jobId,
    data: TowJobCreatedV1Schema.parse(event.data),
    correlationId: context.correlationId,
    causationId: context.causationId,
  });
}
