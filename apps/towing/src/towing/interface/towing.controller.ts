import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentParty, RequireScopes, type AuthenticatedParty } from '@claimguard/auth';
import { CorrelationId } from '@claimguard/service-kit';
import { GetTowJobQuery } from '../application/queries/get-tow-job/get-tow-job.query.js';
import { ListTowJobsQuery } from '../application/queries/list-tow-jobs/list-tow-jobs.query.js';
import { toTowJobResponse, type TowJobResponse } from './dto/tow-job.response.js';

/**
 * HTTP entry of the towing read side (`/api/towing…` at the gateway). It only turns requests into
 * queries and results into DTOs; authorization beyond scopes happens in the handlers, through the
 * policy. Jobs are opened by events, not by HTTP (see claim-events.consumer.ts).
 */
@Controller('towing')
export class TowingController {
  constructor(private readonly queries: QueryBus) {}

  @Get('jobs')
  @RequireScopes('towing:read')
  async list(
    @CurrentParty() caller: AuthenticatedParty,
    @CorrelationId() correlationId: string,
  ): Promise<{ items: TowJobResponse[] }> {
    const jobs = await this.queries.execute(new ListTowJobsQuery(caller, correlationId));
    // An object, not a bare array, so paging fields can be added without breaking clients.
    return { items: jobs.map(toTowJobResponse) };
  }

  @Get('jobs/:id')
  @RequireScopes('towing:read')
  async get(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @CorrelationId() correlationId: string,
  ): Promise<TowJobResponse> {
    return toTowJobResponse(
      await this.queries.execute(new GetTowJobQuery(caller, id, correlationId)),
    );
  }
}
