/**
 * Where a tow job stands (docs/saga.md): `UNASSIGNED` when no company serves the loss location's
 * state (no company, waiting for a dispatcher), else `ASSIGNED` → `DISPATCHED` → `PICKED_UP` →
 * `DELIVERED`. Mirrored by the `TowJobStatus` enum of prisma/schema.prisma; CHECK constraints keep
 * the company (set unless UNASSIGNED) and the shop (set exactly when DELIVERED) in step.
 */
export const TOW_JOB_STATUSES = [
  'ASSIGNED',
  'UNASSIGNED',
  'DISPATCHED',
  'PICKED_UP',
  'DELIVERED',
] as const;

export type TowJobStatus = (typeof TOW_JOB_STATUSES)[number];
