import type { TowJob, TowJobSnapshot } from '../../domain/tow-job.js';
import type { TowJobEvent } from '../../domain/tow-job.events.js';
import type { Transaction } from './transaction.js';

/** Which request or event caused a change; travels into every event envelope. */
export interface ChangeContext {
  /** Kept from the causing event, so one claim's story can be followed across services. */
  correlationId: string;
  /** The id of the event that caused this change (the `ClaimFiled` envelope id). */
  causationId: string;
}

/**
 * Storage of tow jobs as the application sees it. An abstract class (not an interface) so it can be
 * the Nest injection token; the Prisma adapter lives in infrastructure/, and unit tests pass a fake.
 */
export abstract class TowJobRepository {
  /** The job opened for this claim, or undefined (read inside the event's transaction). */
  abstract findByClaimId(claimId: string, tx: Transaction): Promise<TowJobSnapshot | undefined>;

  /** Stores a new job and its events (for the outbox) in the event's transaction. */
  abstract add(
    job: TowJob,
    events: readonly TowJobEvent[],
    context: ChangeContext,
    tx: Transaction,
  ): Promise<void>;

  /** The job with this id, or undefined. `id` must already be a UUID. */
  abstract findById(id: string): Promise<TowJobSnapshot | undefined>;

  /** A company's jobs, newest first, at most `limit`. */
  abstract listByCompany(companyId: string, limit: number): Promise<TowJobSnapshot[]>;
}
