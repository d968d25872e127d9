import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import { TowJob } from '../../../domain/tow-job.js';
import { TowCompanyRepository } from '../../ports/tow-company.repository.port.js';
import { TowJobRepository } from '../../ports/tow-job.repository.port.js';
import { OpenTowJobCommand, type OpenTowJobResult } from './open-tow-job.command.js';

/**
 * Opens at most one tow job per claim. The inbox already drops a redelivered event; this handler
 * is the second line: a claim that has a job keeps it (a second `ClaimFiled` for the same claim,
 * under another event id, changes nothing), and the unique `claim_id` column is the third, should
 * two deliveries race (the loser's transaction fails, is retried, and then finds the job).
 */
@CommandHandler(OpenTowJobCommand)
export class OpenTowJobHandler implements ICommandHandler<OpenTowJobCommand> {
  constructor(
    private readonly jobs: TowJobRepository,
    private readonly companies: TowCompanyRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ request, context, tx }: OpenTowJobCommand): Promise<OpenTowJobResult> {
    // Cheap exit before any query; the aggregate applies the same rule below.
    if (!request.needsTow) return { outcome: 'not-needed' };
    const existing = await this.jobs.findByClaimId(request.claimId, tx);
    if (existing) {
      this.log.info(
        { claimId: request.claimId, jobId: existing.id, causationId: context.causationId },
        'claim already has a tow job; nothing opened',
      );
      return { outcome: 'already-open', job: existing };
    }
    const opened = TowJob.openForClaim(request, await this.companies.all(tx), {
      id: randomUUID(),
      now: new Date(),
    });
    if (!opened) return { outcome: 'not-needed' };
    await this.jobs.add(opened.job, [opened.event], context, tx);
    this.log.info(
      {
        claimId: request.claimId,
        jobId: opened.job.id,
        companyId: opened.job.companyId,
        correlationId: context.correlationId,
      },
      'tow job opened',
    );
    return { outcome: 'opened', job: opened.job.snapshot() };
  }
}
