import {
  RENTAL_EVENT_TYPES,
  RentalClosedV1Schema,
  RentalConfirmedV1Schema,
  RentalReservedV1Schema,
  type EventEnvelope,
} from '@claimguard/contracts';
import { createEnvelope } from '@claimguard/messaging';
import { SERVICE_NAME } from '../../service-name.js';
import type { ChangeContext } from '../application/ports/reservation.repository.port.js';
import type { ReservationEvent } from '../domain/reservation.events.js';

/** Each event's public data schema: the data is parsed with it on the way out. */
const SCHEMAS = {
  [RENTAL_EVENT_TYPES.RentalReserved]: RentalReservedV1Schema,
  [RENTAL_EVENT_TYPES.RentalConfirmed]: RentalConfirmedV1Schema,
  [RENTAL_EVENT_TYPES.RentalClosed]: RentalClosedV1Schema,
} as const;

/**
 * Wraps a domain event in the platform envelope. The data is parsed with the public schema on the
 * way out: a contract break fails the transaction here instead of poisoning a consumer.
 *
 * `subject` is the reservation id, and `appendToOutbox` makes the subject the Kafka key. That keeps
 * per-claim order too: a claim has at most one reservation (unique `claim_id`), so all rental
 * events of a claim are the events of one reservation, on one partition.
 */
export function toEnvelope(event: ReservationEvent, context: ChangeContext): EventEnvelope {
  return createEnvelope({
    type: event.type,
    version: event.version,
    // Consumers check that this source is the registered emitter of the type.
    source: SERVICE_NAME,
    subject: event.reservationId,
    data: SCHEMAS[event.type].parse(event.data),
    ...(context.actor ? { actor: context.actor } : {}),
    correlationId: context.correlationId,
    ...(context.causationId ? { causationId: context.causationId } : {}),
  });
}
