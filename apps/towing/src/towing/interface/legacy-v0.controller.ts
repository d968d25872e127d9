import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentParty, RequireScopes, type AuthenticatedParty } from '@claimguard/auth';
import { CorrelationId } from '@claimguard/service-kit';
import {
  ExportTowJobsV0Query,
  GetTowJobV0Query,
} from '../application/queries/legacy-v0/legacy-v0.queries.js';
import { TowJobNotFound } from '../domain/tow-job.errors.js';
import { toTowJobResponse, type TowJobResponse } from './dto/tow-job.response.js';

/**
 * ZOMBIE API, on purpose (OWASP API9:2023, defense `inventory`): the v0 routes of the retired
 * dispatch-partner integration, still deployed for one partner and listed in NO route manifest.
 * They still need a party token and `towing:read`, but they predate company filtering and the
 * object-level policy. The gateway routes only manifest routes, so with `inventory` on nobody
 * reaches them through the edge; the attack suite turns it off to show what an unmanaged API
 * inventory exposes (e2e/attacks/api9-inventory-zombie-v0.spec.ts). route-manifest.spec.ts keeps
 * them out of the manifest.
 */
@Controller('towing/v0')
export class LegacyV0Controller {
  constructor(private readonly queries: QueryBus) {}

  @Get('jobs/export')
  @RequireScopes('towing:read')
  async export(
    @CurrentParty() caller: AuthenticatedParty,
    @CorrelationId() correlationId: string,
  ): Promise<{ items: TowJobResponse[] }> {
    const jobs = await this.queries.execute(new ExportTowJobsV0Query(caller, correlationId));
    return { items: jobs.map(toTowJobResponse) };
  }

  @Get('jobs/:id')
  @RequireScopes('towing:read')
  async get(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @CorrelationId() correlationId: string,
  ): Promise<TowJobResponse> {
    const job = await this.queries.execute(new GetTowJobV0Query(caller, id, correlationId));
    if (!job) throw new TowJobNotFound();
    return toTowJobResponse(job);
  }
}
