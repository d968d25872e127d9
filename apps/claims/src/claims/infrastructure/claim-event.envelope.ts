import { eventDataProblem, type EventEnvelope } from '@claimguard/contracts';
import { createEnvelope } from '@claimguard/messaging';
import { SERVICE_NAME } from '../../service-name.js';
import type { ChangeContext } from '../application/ports/claim.repository.port.js';
import type { ClaimEvent } from '../domain/claim.events.js';

/**
 * Wraps a domain event in the platform envelope. The data is checked against the public event
 * catalog on the way out: a contract break fails the transaction here instead of poisoning a
 * consumer.
 */
export function toEnvelope(event: ClaimEvent, context: ChangeContext): EventEnvelope {
  const problem = eventDataProblem(event.type, event.version, event.data);
  if (problem) throw new Error(`claims raised an event that breaks its contract: ${problem}`);
  return createEnvelope({
    type: event.type,
    version: event.version,
    // Consumers check that this source is the registered emitter of the type.
    source: SERVICE_NAME,
    subject: event.claimId,
    data: event.data,
    ...(context.actor ? { actor: context.actor } : {}),
    correlationId: context.correlationId,
    ...(context.causationId ? { causationId: context.causationId } : {}),
  });
}
