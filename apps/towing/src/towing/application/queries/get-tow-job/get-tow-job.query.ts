import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';

/** A party asks for one tow job by id (the raw path parameter, not yet known to be a UUID). */
export class GetTowJobQuery extends Query<TowJobSnapshot> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly jobId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
