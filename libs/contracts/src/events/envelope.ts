import { z } from 'zod';
import { PartySchema } from '../party.js';

/**
 * The envelope every event travels in (DESIGN.md "Events"). `subject` is the aggregate id and the
 * Kafka message key, so one aggregate's events stay in order on one partition.
 */
export const EventEnvelopeSchema = z.strictObject({
  id: z.uuid(),
  type: z.string().regex(/^[A-Z][A-Za-z]+$/),
  version: z.number().int().positive(),
  source: z.string().min(1),
  subject: z.string().min(1),
  time: z.iso.datetime(),
  traceId: z.string().min(1),
  correlationId: z.string().optional(),
  causationId: z.string().optional(),
  actor: z.strictObject({ sub: z.string(), party: PartySchema }).optional(),
  data: z.unknown(),
});
export type EventEnvelope<T = unknown> = Omit<z.infer<typeof EventEnvelopeSchema>, 'data'> & {
  data: T;
};
