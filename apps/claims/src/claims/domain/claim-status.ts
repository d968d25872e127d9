/**
 * The claim lifecycle of DESIGN.md ("Claim lifecycle"). A claim starts `FILED`; the saga moves it
 * on as towing, repair and the adjuster report back. Mirrored by the `ClaimStatus` enum of
 * prisma/schema.prisma: adding a status is a migration on purpose.
 */
export const CLAIM_STATUSES = [
  'FILED',
  'TOW_DISPATCHED',
  'VEHICLE_AT_SHOP',
  'ESTIMATE_SUBMITTED',
  'APPROVED',
  'DENIED',
  'REPAIR_COMPLETED',
  'SETTLED',
] as const;

export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** The status every claim is born with. */
export const INITIAL_CLAIM_STATUS: ClaimStatus = 'FILED';

/**
 * How far along the lifecycle a status is. `APPROVED` and `DENIED` are the two outcomes of one
 * step, so they share a rank; a replayed event for a step the claim has passed compares lower.
 */
export function statusRank(status: ClaimStatus): number {
  const rank: Record<ClaimStatus, number> = {
    FILED: 0,
    TOW_DISPATCHED: 1,
    VEHICLE_AT_SHOP: 2,
    ESTIMATE_SUBMITTED: 3,
    APPROVED: 4,
    DENIED: 4,
    REPAIR_COMPLETED: 5,
    SETTLED: 6,
  };
  return rank[status];
}
