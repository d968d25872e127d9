import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import {
  CurrentParty,
  RequireScopes,
  ZodBodyPipe,
  type AuthenticatedParty,
} from '@claimguard/auth';
import { CorrelationId } from '@claimguard/service-kit';
import { FileClaimCommand } from '../application/commands/file-claim/file-claim.command.js';
import { GetClaimQuery } from '../application/queries/get-claim/get-claim.query.js';
import { ListClaimsQuery } from '../application/queries/list-claims/list-claims.query.js';
import { toClaimResponse, type ClaimResponse } from './dto/claim.response.js';
import { FileClaimBodySchema, type FileClaimBody } from './dto/file-claim.body.js';

/** Public prefix of this service behind the gateway (`/api/claims…` → `/claims…`). */
const PUBLIC_BASE = '/api/claims';

/**
 * HTTP entry of the claims use cases. It only turns requests into commands and queries and results
 * into DTOs; authorization beyond scopes happens in the handlers, through the policy.
 */
@Controller('claims')
export class ClaimsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('claims:write')
  async file(
    @CurrentParty() caller: AuthenticatedParty,
    @Body(new ZodBodyPipe(FileClaimBodySchema)) body: FileClaimBody,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimResponse> {
    const claim = await this.commands.execute(new FileClaimCommand(caller, body, correlationId));
    void reply.header('location', `${PUBLIC_BASE}/${claim.id}`);
    return toClaimResponse(claim);
  }

  @Get()
  @RequireScopes('claims:read')
  async list(
    @CurrentParty() caller: AuthenticatedParty,
    @CorrelationId() correlationId: string,
  ): Promise<{ items: ClaimResponse[] }> {
    const claims = await this.queries.execute(new ListClaimsQuery(caller, correlationId));
    // An object, not a bare array, so paging fields can be added without breaking clients.
    return { items: claims.map(toClaimResponse) };
  }

  @Get(':id')
  @RequireScopes('claims:read')
  async get(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @CorrelationId() correlationId: string,
  ): Promise<ClaimResponse> {
    return toClaimResponse(
      await this.queries.execute(new GetClaimQuery(caller, id, correlationId)),
    );
  }
}
