import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';

/** One page of the list, and the page size that was applied. */
export interface TowJobsPage {
  jobs: TowJobSnapshot[];
  limit: number;
}

/**
 * A party asks for its tow jobs (for a tow operator: its company's jobs, newest first), at most
 * `limit` of them (the raw query value; the handler applies the page-size rules).
 */
export class ListTowJobsQuery extends Query<TowJobsPage> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly correlationId: string,
    readonly limit?: unknown,
  ) {
    super();
  }
}
