import { Command } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';
import type { TowJobMoveRequest } from '../tow-job-mover.js';

/** A tow operator sent a truck for a job (`POST /towing/jobs/:id/dispatch`). */
export class DispatchTowJobCommand extends Command<TowJobSnapshot> implements TowJobMoveRequest {
  constructor(
    readonly caller: AuthenticatedParty,
    /** The raw path parameter, not yet known to be a UUID. */
    readonly jobId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
