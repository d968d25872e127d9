import {
  EstimateSubmittedV1Schema,
  RepairCompletedV1Schema,
  RepairOrderOpenedV1Schema,
  type EventEnvelope,
} from '@claimguard/contracts';
import { createEnvelope } from '@claimguard/messaging';
import { SERVICE_NAME } from '../../service-name.js';
import type { ChangeContext } from '../application/ports/repair-order.repository.port.js';
import type { RepairOrderEvent } from '../domain/repair-order.events.js';

/** The public data schema of each event this service raises. */
const DATA_SCHEMAS = {
  RepairOrderOpened: RepairOrderOpenedV1Schema,
  EstimateSubmitted: EstimateSubmittedV1Schema,
  RepairCompleted: RepairCompletedV1Schema,
} as const satisfies Record<RepairOrderEvent['type'], unknown>;

/**
 * Wraps a domain event in the platform envelope. The data is parsed with the public schema on the
 * way out: a contract break fails the transaction here instead of poisoning a consumer.
 *
 * `subject` is the order id, and `appendToOutbox` makes the subject the Kafka key. That keeps
 * per-claim order too: a claim has at most one order (unique `claim_id`), so all repair events of a
 * claim are the events of one order, on one partition.
 */
export function toEnvelope(event: RepairOrderEvent, context: ChangeContext): EventEnvelope {
  return createEnvelope({
    type: event.type,
    version: event.version,
    // Consumers check that this source is the registered emitter of the type.
    source: SERVICE_NAME,
    subject: event.orderId,
    data: DATA_SCHEMAS[event.type].parse(event.data),
    ...(context.actor ? { actor: context.actor } : {}),
    correlationId: context.correlationId,
    ...(context.causationId ? { causationId: context.causationId } : {}),
  });
}
