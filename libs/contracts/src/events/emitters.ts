import { CLAIM_EVENT_TYPES } from './claims.events.js';
import { TOWING_EVENT_TYPES } from './towing.events.js';

/**
 * Which service may emit which event type. Consumers refuse an event whose `source` is not the
 * registered emitter of its `type` (only claims may emit claim events, e.g. `ClaimApproved`).
 */
export const EVENT_EMITTERS: Record<string, string> = {
  ...Object.fromEntries(Object.values(CLAIM_EVENT_TYPES).map((t) => [t, 'claims'])),
  ...Object.fromEntries(Object.values(TOWING_EVENT_TYPES).map((t) => [t, 'towing'])),
};

/** True when `source` is the registered emitter of `type`. */
export function mayEmit(source: string, type: string): boolean {
  return EVENT_EMITTERS[type] === source;
}
