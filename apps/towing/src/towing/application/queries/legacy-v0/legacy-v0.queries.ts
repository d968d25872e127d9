import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';

/** Largest v0 export: the partner's nightly batch size. */
export const V0_EXPORT_LIMIT = 500;

/**
 * ZOMBIE (v0, the retired 2024 dispatch-partner integration): every company's jobs in one list,
 * as the retired partner export did it — no company filter, no policy. Kept in the code for a
 * partner who never migrated, deliberately NOT in the route manifest: the gateway must never route
 * it (defense `inventory`). It is the classic shadow API an inventory misses.
 */
export class ExportTowJobsV0Query extends Query<TowJobSnapshot[]> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly correlationId: string,
  ) {
    super();
  }
}

/**
 * ZOMBIE (v0): one job by id, as v0 read it — before the object-level check (`bola`) of v1
 * existed. Not in the route manifest, like {@link ExportTowJobsV0Query}.
 */
export class GetTowJobV0Query extends Query<TowJobSnapshot | undefined> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly jobId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
