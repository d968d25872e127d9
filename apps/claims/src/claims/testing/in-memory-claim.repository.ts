import type { ClaimStatus } from '../domain/claim-status.js';
import type { Claim, ClaimSnapshot } from '../domain/claim.js';
import type { ClaimEvent } from '../domain/claim.events.js';
import { ClaimRepository, type ChangeContext } from '../application/ports/claim.repository.port.js';

/**
 * The repository port, faked in memory for handler unit tests (they are about the handler, not
 * PostgreSQL). Keeps the same conditional-update rule as the Prisma adapter. Integration tests
 * use the real one.
 */
export class InMemoryClaimRepository extends ClaimRepository {
  readonly claims = new Map<string, ClaimSnapshot>();
  readonly saved: {
    claim: ClaimSnapshot;
    events: readonly ClaimEvent[];
    context: ChangeContext;
  }[] = [];

  add(claim: Claim, events: readonly ClaimEvent[], context: ChangeContext): Promise<void> {
    this.claims.set(claim.id, claim.snapshot());
    this.saved.push({ claim: claim.snapshot(), events, context });
    return Promise.resolve();
  }

  async addUnlessDuplicate(
    claim: Claim,
    events: readonly ClaimEvent[],
    context: ChangeContext,
  ): Promise<ClaimSnapshot | undefined> {
    const { memberId, vehicle, lossDate } = claim.snapshot();
    const duplicate = await this.findDuplicate(memberId, vehicle.vin, lossDate);
    if (duplicate) return duplicate;
    await this.add(claim, events, context);
    return undefined;
  }

  findDuplicate(
    memberId: string,
    vin: string,
    lossDate: string,
  ): Promise<ClaimSnapshot | undefined> {
    return Promise.resolve(
      [...this.claims.values()].find(
        (c) =>
          c.memberId === memberId &&
          c.vehicle.vin === vin &&
          c.lossDate === lossDate &&
          c.status !== 'DENIED',
      ),
    );
  }

  update(
    claim: Claim,
    from: ClaimStatus,
    events: readonly ClaimEvent[],
    context: ChangeContext,
  ): Promise<boolean> {
    if (this.claims.get(claim.id)?.status !== from) return Promise.resolve(false);
    this.claims.set(claim.id, claim.snapshot());
    this.saved.push({ claim: claim.snapshot(), events, context });
    return Promise.resolve(true);
  }

  findById(id: string): Promise<ClaimSnapshot | undefined> {
    return Promise.resolve(this.claims.get(id));
  }

  listByMember(memberId: string): Promise<ClaimSnapshot[]> {
    return Promise.resolve([...this.claims.values()].filter((c) => c.memberId === memberId));
  }

  listByAdjuster(adjusterId: string): Promise<ClaimSnapshot[]> {
    return Promise.resolve([...this.claims.values()].filter((c) => c.adjusterId === adjusterId));
  }
}
