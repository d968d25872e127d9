import { Inject, Injectable } from '@nestjs/common';
import { auditDecision, type AuthenticatedParty } from '@claimguard/auth';
import { DomainError } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import { TowJob, type TowJobSnapshot } from '../../domain/tow-job.js';
import { TowJobNotFound } from '../../domain/tow-job.errors.js';
import type { TowJobEvent } from '../../domain/tow-job.events.js';
import { TowingPolicy } from '../../policies/towing.policy.js';
import { TowJobRepository } from '../ports/tow-job.repository.port.js';
import { towJobIdOf } from '../tow-job-id.js';

/** What every tow-job move command carries: who asks, for which job (raw path id), in which request. */
export interface TowJobMoveRequest {
  readonly caller: AuthenticatedParty;
  readonly jobId: string;
  readonly correlationId: string;
}

/**
 * The steps the dispatch, pick-up and deliver handlers share: authorize, load, apply one move of the
 * aggregate, save the state and its event in one transaction. Each handler only says which move.
 *
 * Authorization, in this order, every decision audited through `auditDecision`:
 * 1. function level (`bfla`): may this party move tow jobs at all? Asked before the id is looked
 *    at, so a member or a shop gets the same 403 `AUTHZ.FORBIDDEN` for any id, existing or not;
 * 2. object level (`bola`): may it move this job? A job it may not even read answers the same 404
 *    `TOWING.JOB_NOT_FOUND` as a missing or malformed id (no existence oracle); one it may read but
 *    not move would be 403.
 */
@Injectable()
export class TowJobMover {
  constructor(
    private readonly jobs: TowJobRepository,
    private readonly policy: TowingPolicy,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /**
   * Runs `move` on the job the caller may move and saves the result.
   * @param action the use case, for audit lines and logs (`DispatchTowJob`)
   * @param move applies one aggregate operation and returns its event; it may look things up first
   *   (the partner shop) and may throw a domain error, in which case nothing is saved
   */
  async move(
    action: string,
    { caller, jobId, correlationId }: TowJobMoveRequest,
    move: (job: TowJob) => TowJobEvent | Promise<TowJobEvent>,
  ): Promise<TowJobSnapshot> {
    const about = { log: this.log, action, caller, correlationId };
    const mayMoveAny = auditDecision(this.policy.canUpdateAny(caller), {
      ...about,
      defense: 'bfla',
      resource: 'tow-jobs',
    });
    if (!mayMoveAny) throw new DomainError('AUTHZ.FORBIDDEN', 'This party may not move tow jobs');

    const id = towJobIdOf(jobId);
    const stored = id === undefined ? undefined : await this.jobs.findById(id);
    if (!stored) throw new TowJobNotFound();
    const mayMove = auditDecision(this.policy.canUpdate(caller, stored), {
      ...about,
      defense: 'bola',
      resource: `tow-job:${stored.id}`,
    });
    if (!mayMove) {
      if (!this.policy.canRead(caller, stored).allowed) throw new TowJobNotFound();
      throw new DomainError('AUTHZ.FORBIDDEN', 'This party may not move this tow job');
    }

    const job = TowJob.restore(stored);
    const from = job.status;
    const event = await move(job);
    await this.jobs.update(job, from, [event], {
      correlationId,
      actor: { sub: caller.sub, party: caller.party },
    });
    this.log.info(
      {
        jobId: job.id,
        claimId: job.claimId,
        from,
        to: job.status,
        event: event.type,
        correlationId,
      },
      'tow job moved',
    );
    return job.snapshot();
  }
}
