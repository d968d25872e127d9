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
