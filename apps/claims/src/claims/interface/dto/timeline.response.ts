import type { TimelineEntry } from '../../application/ports/timeline.repository.port.js';

/** One step on the member's timeline. */
export interface TimelineEntryResponse {
  eventId: string;
  type: string;
  source: string;
  occurredAt: string;
  summary: string;
}

/** Field by field, like every response. */
export function toTimelineEntryResponse(entry: TimelineEntry): TimelineEntryResponse {
  return {
    eventId: entry.eventId,
    type: entry.type,
    source: entry.source,
    occurredAt: entry.occurredAt.toISOString(),
    summary: entry.summary,
  };
}

/**
 * The entry for a reader of the redacted view: the same step without its amounts. An entry
 * recorded before redacted words existed shows its event type alone (deny by default).
 */
export function toRedactedTimelineEntryResponse(entry: TimelineEntry): TimelineEntryResponse {
  return { ...toTimelineEntryResponse(entry), summary: entry.redactedSummary ?? entry.type };
}
