import type { Party } from '@claimguard/contracts';
import type { Claim, ClaimSnapshot } from '../../domain/claim.js';
import type { ClaimEvent } from '../../domain/claim.events.js';

/** Who caused a change and which request it belongs to; travels into every event envelope. */
export interface ChangeContext {
  actor: { sub: string; party: Party };
  correlationId: string;
}

/**
 * Storage of claims as the application sees it. An abstract class (not an interface) so it can be
 * the Nest injection token; the Prisma adapter lives in infrastructure/, and unit tests pass a fake.
 */
export abstract class ClaimRepository {
  /** Stores a new claim and its events (for the outbox) atomically: both or neither. */
  abstract add(claim: Claim, events: readonly ClaimEvent[], context: ChangeContext): Promise<void>;

  /** The claim with this id, or undefined. `id` must already be a UUID. */
  abstract findById(id: string): Promise<ClaimSnapshot | undefined>;

  /** A member's claims, newest first, at most `limit`. */
  abstract listByMember(memberId: string, limit: number): Promise<ClaimSnapshot[]>;
}
