import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  CurrentParty,
  RequireScopes,
  ZodBodyPipe,
  type AuthenticatedParty,
} from '@claimguard/auth';
import { CorrelationId } from '@claimguard/service-kit';
import { CompleteRepairCommand } from '../application/commands/complete-repair/complete-repair.command.js';
import { SubmitEstimateCommand } from '../application/commands/submit-estimate/submit-estimate.command.js';
import { GetRepairOrderQuery } from '../application/queries/get-repair-order/get-repair-order.query.js';
import { ListRepairOrdersQuery } from '../application/queries/list-repair-orders/list-repair-orders.query.js';
import { CompleteRepairBodySchema, type CompleteRepairBody } from './dto/complete-repair.body.js';
import { toRepairOrderResponse, type RepairOrderResponse } from './dto/repair-order.response.js';
import { SubmitEstimateBodySchema, type SubmitEstimateBody } from './dto/submit-estimate.body.js';

/**
 * HTTP entry of the repair use cases (`/api/repair…` at the gateway). It only turns requests into
 * commands and queries and results into DTOs; authorization beyond scopes happens in the handlers,
 * through the policy. Orders are opened by events, not by HTTP (see repair-events.consumer.ts).
 */
@Controller('repair')
export class RepairController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('orders')
  @RequireScopes('repair:read')
  async list(
    @CurrentParty() caller: AuthenticatedParty,
    @CorrelationId() correlationId: string,
  ): Promise<{ items: RepairOrderResponse[] }> {
    const orders = await this.queries.execute(new ListRepairOrdersQuery(caller, correlationId));
    // An object, not a bare array, so paging fields can be added without breaking clients.
    return { items: orders.map(toRepairOrderResponse) };
  }

  @Get('orders/:id')
  @RequireScopes('repair:read')
  async get(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @CorrelationId() correlationId: string,
  ): Promise<RepairOrderResponse> {
    return toRepairOrderResponse(
      await this.queries.execute(new GetRepairOrderQuery(caller, id, correlationId)),
    );
  }

  @Post('orders/:id/estimate')
  @HttpCode(200)
  @RequireScopes('repair:write')
  async submitEstimate(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @Body(new ZodBodyPipe(SubmitEstimateBodySchema)) body: SubmitEstimateBody,
    @CorrelationId() correlationId: string,
  ): Promise<RepairOrderResponse> {
    return toRepairOrderResponse(
      await this.commands.execute(
        new SubmitEstimateCommand(caller, id, body.lineItems, correlationId),
      ),
    );
  }

  @Post('orders/:id/complete')
  @HttpCode(200)
  @RequireScopes('repair:write')
  async complete(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @Body(new ZodBodyPipe(CompleteRepairBodySchema)) _body: CompleteRepairBody,
    @CorrelationId() correlationId: string,
  ): Promise<RepairOrderResponse> {
    return toRepairOrderResponse(
      await this.commands.execute(new CompleteRepairCommand(caller, id, correlationId)),
    );
  }
}
