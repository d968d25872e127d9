import { randomUUID } from 'node:crypto';
import { CORRELATION_HEADER } from '@claimguard/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The request's correlation id: the one the gateway set when it is a UUID, else a fresh one
 * (a client-chosen string never reaches logs unchecked).
 */
export function correlationIdOf(headers: Record<string, string | string[] | undefined>): string {
  const value = headers[CORRELATION_HEADER];
  const id = Array.isArray(value) ? value[0] : value;
  return id && UUID.test(id) ? id : randomUUID();
}
