import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@claimguard/contracts';
import { auditDecision } from '@claimguard/auth';
import type { Logger } from '@claimguard/observability';
import { LOGGER, pageLimit } from '@claimguard/service-kit';
import type { TowingConfig } from '../../../../config.js';
import { TOWING_CONFIG } from '../../../../platform/tokens.js';
import { TowingPolicy } from '../../../policies/towing.policy.js';
import { TowJobRepository } from '../../ports/tow-job.repository.port.js';
import { ListTowJobsQuery, type TowJobsPage } from './list-tow-jobs.query.js';

/**
 * Lists the jobs of the caller's company: a tow operator's party id is its company id. Which party
 * kinds may list at all is the policy's call; the query itself only ever filters by the caller.
 * The page size is `pageLimit`'s (default 20, at most 100: defense `resource-limits`).
 */
@QueryHandler(ListTowJobsQuery)
export class ListTowJobsHandler implements IQueryHandler<ListTowJobsQuery> {
  constructor(
    private readonly jobs: TowJobRepository,
    private readonly policy: TowingPolicy,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(TOWING_CONFIG) private readonly config: Pick<TowingConfig, 'defenses'>,
  ) {}

  async execute({ caller, correlationId, limit: asked }: ListTowJobsQuery): Promise<TowJobsPage> {
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
    const limit = pageLimit(asked, {
      defenses: this.config.defenses,
      log: this.log,
      caller,
      correlationId,
      resource: 'tow-jobs',
    });
    return { jobs: await this.jobs.listByCompany(companyId, limit), limit };
  }
}
