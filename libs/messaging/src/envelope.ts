import { randomUUID } from 'node:crypto';
import type { EventEnvelope, Party } from '@claimguard/contracts';

export interface NewEvent<T> {
  type: string;
  version: number;
  source: string;
  subject: string;
  data: T;
  actor?: { sub: string; party: Party };
  correlationId?: string;
  causationId?: string;
}

/**
 * Wraps event data in the platform envelope with a fresh id and time. The trace id follows the
 * correlation id, so one request's events can be found together.
 * @example createEnvelope({ type: 'ClaimFiled', version: 1, source: 'claims', subject: claimId, data })
 */
export function createEnvelope<T>(event: NewEvent<T>): EventEnvelope<T> {
  const id = randomUUID();
  return {
    id,
    type: event.type,
    version: event.version,
    source: event.source,
    subject: event.subject,
    time: new Date().toISOString(),
    traceId: event.correlationId ?? id,
    ...(event.correlationId ? { correlationId: event.correlationId } : {}),
    ...(event.causationId ? { causationId: event.causationId } : {}),
    ...(event.actor ? { actor: event.actor } : {}),
    data: event.data,
  };
}
