import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { auditDecision } from '@claimguard/auth';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';
import { TowJobNotFound } from '../../../domain/tow-job.errors.js';
import { TowingPolicy } from '../../../policies/towing.policy.js';
import { TowJobRepository } from '../../ports/tow-job.repository.port.js';
import { towJobIdOf } from '../../tow-job-id.js';
import { GetTowJobQuery } from './get-tow-job.query.js';

/**
 * Reads one tow job through the policy. Missing, malformed and denied all answer the same 404, so
 * ids cannot be probed; only a denial writes an audit line (that is the attack signal).
 */
@QueryHandler(GetTowJobQuery)
export class GetTowJobHandler implements IQueryHandler<GetTowJobQuery> {
  constructor(
    private readonly jobs: TowJobRepository,
    private readonly policy: TowingPolicy,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ caller, jobId, correlationId }: GetTowJobQuery): Promise<TowJobSnapshot> {
    const id = towJobIdOf(jobId);
    if (!id) throw new TowJobNotFound();
    const job = await this.jobs.findById(id);
    if (!job) throw new TowJobNotFound();
    const allowed = auditDecision(this.policy.canRead(caller, job), {
      log: this.log,
      defense: 'bola',
      action: 'ReadTowJob',
      caller,
      correlationId,
      resource: `tow-job:${job.id}`,
    });
    if (!allowed) throw new TowJobNotFound();
    return job;
  }
}
