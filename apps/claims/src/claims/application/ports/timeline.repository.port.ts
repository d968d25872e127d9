import type { LogPosition } from '@claimguard/messaging';
import type { Transaction } from './transaction.js';

/** One step of a claim's story, as the member sees it on the timeline. */
export interface TimelineEntry {
  eventId: string;
  claimId: string;
  type: string;
  source: string;
  occurredAt: Date;
  /** The words the member and the adjuster read, amounts included. */
  summary: string;
  /**
   * The same step for a reader of the redacted view (the service rep): no amounts. Null on entries
   * recorded before redacted words existed.
   */
  redactedSummary: string | null;
}

/** The claim timeline read model. */
export abstract class TimelineRepository {
  /**
   * Records an entry with the place of its event in the log; an entry for an event already
   * recorded changes nothing (replays).
   */
  abstract record(entry: TimelineEntry, position: LogPosition, tx: Transaction): Promise<void>;

  /**
   * A claim's entries in the order they happened; events of the same millisecond in their log
   * order, so a rebuilt timeline reads exactly like the one it replaces.
   */
  abstract forClaim(claimId: string): Promise<TimelineEntry[]>;
}
