import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';

/** A party asks for its tow jobs (for a tow operator: its company's jobs, newest first). */
export class ListTowJobsQuery extends Query<TowJobSnapshot[]> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly correlationId: string,
  ) {
    super();
  }
}
