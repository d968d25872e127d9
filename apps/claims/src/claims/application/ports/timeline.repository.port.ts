import type { Transaction } from './transaction.js';

/** One step of a claim's story, as the member sees it on the timeline. */
export interface TimelineEntry {
  eventId: string;
  claimId: string;
  type: string;
  source: string;
  occurredAt: Date;
  summary: string;
}

/** The claim timeline read model. */
export abstract class TimelineRepository {
  /** Records an entry; an entry for an event already recorded changes nothing (replays). */
  abstract record(entry: TimelineEntry, tx: Transaction): Promise<void>;

  /** A claim's entries in the order they happened. */
  abstract forClaim(claimId: string): Promise<TimelineEntry[]>;
}
