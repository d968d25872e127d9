import type { Party } from '@claimguard/contracts';
import type { TowJob, TowJobSnapshot } from '../../domain/tow-job.js';
import type { TowJobEvent } from '../../domain/tow-job.events.js';
import type { TowJobStatus } from '../../domain/tow-job-status.js';
import type { Transaction } from './transaction.js';

/** Which request or event caused a change, and who; travels into every event envelope. */
export interface ChangeContext {
  /** Kept from the causing event or request, so one claim's story can be followed across services. */
  correlationId: string;
  /** The id of the event that caused this change (the `ClaimFiled` envelope id); none for HTTP. */
  causationId?: string;
  /** The verified caller of an HTTP command (the tow operator who moved the job). */
  actor?: { sub: string; party: Party };
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

  /**
   * Stores a move of an existing job and its events (for the outbox) in one transaction of its own,
   * then nudges the relay. Only if the stored job is still in `from`: when a concurrent request
   * moved it first, nothing is written and `TOWING.ILLEGAL_TRANSITION` is thrown, so one move
   * raises one event however many requests race.
   */
  abstract update(
    job: TowJob,
    from: TowJobStatus,
    events: readonly TowJobEvent[],
    context: ChangeContext,
  ): Promise<void>;

  /** The job with this id, or undefined. `id` must already be a UUID. */
  abstract findById(id: string): Promise<TowJobSnapshot | undefined>;

  /** A company's jobs, newest first, at most `limit`. */
  abstract listByCompany(companyId: string, limit: number): Promise<TowJobSnapshot[]>;

  /**
   * Every company's jobs, newest first, at most `limit`: only the zombie v0 partner export reads
   * this (interface/legacy-v0.controller.ts), never a published route.
   */
  abstract listAll(limit: number): Promise<TowJobSnapshot[]>;
}
