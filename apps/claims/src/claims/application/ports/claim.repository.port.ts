import type { Party } from '@claimguard/contracts';
import type { ClaimStatus } from '../../domain/claim-status.js';
import type { Claim, ClaimSnapshot } from '../../domain/claim.js';
import type { ClaimEvent } from '../../domain/claim.events.js';
import type { Transaction } from './transaction.js';

/** Who or what caused a change and which request it belongs to; travels into every envelope. */
export interface ChangeContext {
  /** The person who asked (HTTP commands); absent when another service's event caused it. */
  actor?: { sub: string; party: Party };
  correlationId: string;
  /** The id of the event that caused this change (saga steps). */
  causationId?: string;
}

/**
 * Storage of claims as the application sees it. An abstract class (not an interface) so it can be
 * the Nest injection token; the Prisma adapter lives in infrastructure/, and unit tests pass a fake.
 * Methods taking a `tx` run inside that transaction (an event's); without one they use their own.
 */
export abstract class ClaimRepository {
  /** Stores a new claim and its events (for the outbox) atomically: both or neither. */
  abstract add(claim: Claim, events: readonly ClaimEvent[], context: ChangeContext): Promise<void>;

  /**
   * Like `add`, but only while the member has no claim that was not denied for the same vehicle
   * (VIN) and loss date (defense `business-flow`: one loss, one claim). The check and the write are
   * one transaction serialized per member, vehicle and date, so two filings racing cannot both
   * pass. Returns the existing claim instead of writing, or undefined when it wrote.
   */
  abstract addUnlessDuplicate(
    claim: Claim,
    events: readonly ClaimEvent[],
    context: ChangeContext,
  ): Promise<ClaimSnapshot | undefined>;

  /** The member's claim (not denied) for this VIN and loss date (`YYYY-MM-DD`), if any. */
  abstract findDuplicate(
    memberId: string,
    vin: string,
    lossDate: string,
  ): Promise<ClaimSnapshot | undefined>;

  /**
   * Saves a changed claim and its events atomically, but only while the stored claim is still in
   * status `from` (optimistic concurrency: two changes racing cannot both win). Returns false when
   * another change won; nothing was written then.
   */
  abstract update(
    claim: Claim,
    from: ClaimStatus,
    events: readonly ClaimEvent[],
    context: ChangeContext,
    tx?: Transaction,
  ): Promise<boolean>;

  /** The claim with this id, or undefined. `id` must already be a UUID. */
  abstract findById(id: string, tx?: Transaction): Promise<ClaimSnapshot | undefined>;

  /** A member's claims, newest first, at most `limit`. */
  abstract listByMember(memberId: string, limit: number): Promise<ClaimSnapshot[]>;

  /** The claims assigned to an adjuster, most recently changed first, at most `limit`. */
  abstract listByAdjuster(adjusterId: string, limit: number): Promise<ClaimSnapshot[]>;
}
