/**
 * Where a tow job stands. A job is `ASSIGNED` when a tow company serves the loss location's state,
 * else `UNASSIGNED` (no company, waiting for a dispatcher). Mirrored by the `TowJobStatus` enum of
 * prisma/schema.prisma, and a CHECK constraint keeps status and company in step in the database.
 */
export const TOW_JOB_STATUSES = ['ASSIGNED', 'UNASSIGNED'] as const;

export type TowJobStatus = (typeof TOW_JOB_STATUSES)[number];
