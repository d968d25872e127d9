import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@claimguard/contracts';
import { auditDecision } from '@claimguard/auth';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';
import { TowingPolicy } from '../../../policies/towing.policy.js';
import { TowJobRepository } from '../../ports/tow-job.repository.port.js';
import { ListTowJobsQuery } from './list-tow-jobs.query.js';

/** Upper bound of one list answer until the API grows pagination (no unbounded responses). */
export const LIST_TOW_JOBS_LIMIT = 100;

/**
 * Lists the jobs of the caller's company: a tow operator's party id is its company id. Which party
 * kinds may list at all is the policy's call; the query itself only ever filters by the caller.
 */
@QueryHandler(ListTowJobsQuery)
export class ListTowJobsHandler implements IQueryHandler<ListTowJobsQuery> {
  constructor(
    private readonly jobs: TowJobRepository,
    private readonly policy: TowingPolicy,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ caller, correlationId }: ListTowJobsQuery): Promise<TowJobSnapshot[]> {
    const companyId = caller.party.id;
    const allowed = auditDecision(this.policy.canList(caller, companyId), {
      log: this.log,
      defense: 'bfla',
      action: 'ListTowJobs',
      caller,
      correlationId,
      resource: 'tow-jobs',
    });
    if (!allowed) {
      throw new DomainError('AUTHZ.FORBIDDEN', 'This party may not list tow jobs');
    }
    return this.jobs.listByCompany(companyId, LIST_TOW_JOBS_LIMIT);
  }
}
