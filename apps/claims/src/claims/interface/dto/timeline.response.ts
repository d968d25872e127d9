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
