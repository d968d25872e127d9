/**
 * Where a repair order stands (docs/saga.md "States per service"). Mirrored by the
 * `RepairOrderStatus` enum of prisma/schema.prisma.
 */
export const REPAIR_ORDER_STATUSES = [
  'OPEN',
  'ESTIMATE_SUBMITTED',
  'APPROVED',
  'DENIED',
  'COMPLETED',
] as const;

export type RepairOrderStatus = (typeof REPAIR_ORDER_STATUSES)[number];

/** The legal moves, and nothing else: `OPEN → ESTIMATE_SUBMITTED → APPROVED | DENIED`, `APPROVED → COMPLETED`. */
const NEXT: Readonly<Record<RepairOrderStatus, readonly RepairOrderStatus[]>> = {
  OPEN: ['ESTIMATE_SUBMITTED'],
  ESTIMATE_SUBMITTED: ['APPROVED', 'DENIED'],
  APPROVED: ['COMPLETED'],
  DENIED: [],
  COMPLETED: [],
};

/** True when `from → to` is one legal move. */
export function isLegalMove(from: RepairOrderStatus, to: RepairOrderStatus): boolean {
  return NEXT[from].includes(to);
}

/**
 * True when an order in `current` has already been through `target` (or is in it): moving it to
 * `target` again would be a replay that changes nothing, not an illegal move. An order that is
 * COMPLETED has passed APPROVED; an order that is DENIED has not passed APPROVED.
 * @example hasPassed('COMPLETED', 'APPROVED') // true
 */
export function hasPassed(current: RepairOrderStatus, target: RepairOrderStatus): boolean {
  if (current === target) return true;
  return NEXT[target].some((next) => hasPassed(current, next));
}
