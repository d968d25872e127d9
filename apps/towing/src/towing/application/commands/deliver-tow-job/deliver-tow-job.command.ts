import { Command } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';
import type { TowJobMoveRequest } from '../tow-job-mover.js';

/** A tow operator left the car at a partner shop (`POST /towing/jobs/:id/deliver {shopId}`). */
export class DeliverTowJobCommand extends Command<TowJobSnapshot> implements TowJobMoveRequest {
  constructor(
    readonly caller: AuthenticatedParty,
    /** The raw path parameter, not yet known to be a UUID. */
    readonly jobId: string,
    /** From the body; must name a partner shop. */
    readonly shopId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
