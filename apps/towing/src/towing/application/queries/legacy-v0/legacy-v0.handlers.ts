import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';
import { TowJobRepository } from '../../ports/tow-job.repository.port.js';
import { towJobIdOf } from '../../tow-job-id.js';
import { ExportTowJobsV0Query, GetTowJobV0Query, V0_EXPORT_LIMIT } from './legacy-v0.queries.js';

/** The v0 export as it was: every company's jobs (see {@link ExportTowJobsV0Query}). */
@QueryHandler(ExportTowJobsV0Query)
export class ExportTowJobsV0Handler implements IQueryHandler<ExportTowJobsV0Query> {
  constructor(
    private readonly jobs: TowJobRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ caller, correlationId }: ExportTowJobsV0Query): Promise<TowJobSnapshot[]> {
    // Not an audit line: v0 never had one. Kept as a warning so operators can find the zombie.
    this.log.warn({ correlationId, sub: caller.sub }, 'zombie v0 tow-job export called');
    return this.jobs.listAll(V0_EXPORT_LIMIT);
  }
}

/** The v0 read as it was: any job by id (see {@link GetTowJobV0Query}). */
@QueryHandler(GetTowJobV0Query)
export class GetTowJobV0Handler implements IQueryHandler<GetTowJobV0Query> {
  constructor(
    private readonly jobs: TowJobRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({
    caller,
    jobId,
    correlationId,
  }: GetTowJobV0Query): Promise<TowJobSnapshot | undefined> {
    this.log.warn({ correlationId, sub: caller.sub }, 'zombie v0 tow-job read called');
    const id = towJobIdOf(jobId);
    return id ? this.jobs.findById(id) : undefined;
  }
}
