import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  CurrentParty,
  RequireScopes,
  ZodBodyPipe,
  type AuthenticatedParty,
} from '@claimguard/auth';
import { CorrelationId } from '@claimguard/service-kit';
import { DeliverTowJobCommand } from '../application/commands/deliver-tow-job/deliver-tow-job.command.js';
import { DispatchTowJobCommand } from '../application/commands/dispatch-tow-job/dispatch-tow-job.command.js';
import { PickUpTowJobCommand } from '../application/commands/pick-up-tow-job/pick-up-tow-job.command.js';
import { GetTowJobQuery } from '../application/queries/get-tow-job/get-tow-job.query.js';
import { ListTowJobsQuery } from '../application/queries/list-tow-jobs/list-tow-jobs.query.js';
import {
  DeliverTowJobBodySchema,
  NoMoveBodySchema,
  type DeliverTowJobBody,
  type NoMoveBody,
} from './dto/move-tow-job.body.js';
import { toTowJobResponse, type TowJobResponse } from './dto/tow-job.response.js';

/**
 * HTTP entry of towing (`/api/towing…` at the gateway). It only turns requests into queries and
 * commands and results into DTOs; authorization beyond scopes happens in the handlers, through the
 * policy. Jobs are opened by events (see claim-events.consumer.ts); tow operators move them here.
 */
@Controller('towing')
export class TowingController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get('jobs')
  @RequireScopes('towing:read')
  async list(
    @CurrentParty() caller: AuthenticatedParty,
    @CorrelationId() correlationId: string,
    @Query('limit') limit: unknown,
  ): Promise<{ items: TowJobResponse[]; limit: number }> {
    const page = await this.queries.execute(new ListTowJobsQuery(caller, correlationId, limit));
    // An object, not a bare array: paging fields (here the applied page size) fit beside the items.
    return { items: page.jobs.map(toTowJobResponse), limit: page.limit };
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

  @Post('jobs/:id/dispatch')
  @HttpCode(200)
  @RequireScopes('towing:write')
  async dispatch(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @Body(new ZodBodyPipe(NoMoveBodySchema)) _body: NoMoveBody,
    @CorrelationId() correlationId: string,
  ): Promise<TowJobResponse> {
    return toTowJobResponse(
      await this.commands.execute(new DispatchTowJobCommand(caller, id, correlationId)),
    );
  }

  @Post('jobs/:id/pick-up')
  @HttpCode(200)
  @RequireScopes('towing:write')
  async pickUp(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @Body(new ZodBodyPipe(NoMoveBodySchema)) _body: NoMoveBody,
    @CorrelationId() correlationId: string,
  ): Promise<TowJobResponse> {
    return toTowJobResponse(
      await this.commands.execute(new PickUpTowJobCommand(caller, id, correlationId)),
    );
  }

  @Post('jobs/:id/deliver')
  @HttpCode(200)
  @RequireScopes('towing:write')
  async deliver(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @Body(new ZodBodyPipe(DeliverTowJobBodySchema)) body: DeliverTowJobBody,
    @CorrelationId() correlationId: string,
  ): Promise<TowJobResponse> {
    return toTowJobResponse(
      await this.commands.execute(new DeliverTowJobCommand(caller, id, body.shopId, correlationId)),
    );
  }
}
