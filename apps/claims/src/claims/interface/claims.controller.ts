import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import {
  CurrentParty,
  ExchangedToken,
  RequireScopes,
  StrictBody,
  ZodBodyPipe,
  type AuthenticatedParty,
} from '@claimguard/auth';
import { DomainError } from '@claimguard/contracts';
import { CorrelationId } from '@claimguard/service-kit';
import { AttachPhotoCommand } from '../application/commands/attach-photo/attach-photo.command.js';
import { DecideClaimCommand } from '../application/commands/decide-claim/decide-claim.command.js';
import { FileClaimCommand } from '../application/commands/file-claim/file-claim.command.js';
import { GrantConsentCommand } from '../application/commands/grant-consent/grant-consent.command.js';
import { RevokeConsentCommand } from '../application/commands/revoke-consent/revoke-consent.command.js';
import { SettleClaimCommand } from '../application/commands/settle-claim/settle-claim.command.js';
import { GetClaimQuery } from '../application/queries/get-claim/get-claim.query.js';
import { GetContactQuery } from '../application/queries/get-contact/get-contact.query.js';
import {
  GetCoverageQuery,
  type Coverage,
} from '../application/queries/get-coverage/get-coverage.query.js';
import { GetTimelineQuery } from '../application/queries/get-timeline/get-timeline.query.js';
import { ListClaimsQuery } from '../application/queries/list-claims/list-claims.query.js';
import type { Decision } from '../domain/claim.js';
import { ClaimViews, type ClaimView } from './claim-views.js';
import {
  AttachPhotoBodySchema,
  toClaimPhotoResponse,
  type AttachPhotoBody,
  type ClaimPhotoResponse,
} from './dto/attach-photo.body.js';
import { toClaimResponse, type ClaimResponse } from './dto/claim.response.js';
import { GrantConsentBodySchema, SHOP_ID, type GrantConsentBody } from './dto/consent.body.js';
import { DecisionBodySchema, type DecisionBody } from './dto/decision.body.js';
import { FileClaimBodySchema, type FileClaimBody } from './dto/file-claim.body.js';
import type { TimelineEntryResponse } from './dto/timeline.response.js';

/** Public prefix of this service behind the gateway (`/api/claims…` → `/claims…`). */
const PUBLIC_BASE = '/api/claims';

/**
 * HTTP entry of the claims use cases. It only turns requests into commands and queries and results
 * into DTOs; authorization beyond scopes happens in the handlers, through the policy. Collections
 * answer an object (`{ items }`), not a bare array, so paging can be added without breaking clients.
 */
@Controller('claims')
export class ClaimsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly views: ClaimViews,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('claims:write')
  async file(
    @CurrentParty() caller: AuthenticatedParty,
    @StrictBody(FileClaimBodySchema) body: FileClaimBody,
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
    @Query('limit') limit: unknown,
  ): Promise<{ items: ClaimView[]; limit: number }> {
    const page = await this.queries.execute(new ListClaimsQuery(caller, correlationId, limit));
    return {
      items: page.claims.map((c) => this.views.of(c, caller, correlationId)),
      limit: page.limit,
    };
  }

  @Get(':id')
  @RequireScopes('claims:read')
  async get(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @CorrelationId() correlationId: string,
  ): Promise<ClaimView> {
    const claim = await this.queries.execute(new GetClaimQuery(caller, id, correlationId));
    return this.views.of(claim, caller, correlationId);
  }

  @Get(':id/timeline')
  @RequireScopes('claims:read')
  async timeline(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @CorrelationId() correlationId: string,
  ): Promise<{ claimId: string; status: string; items: TimelineEntryResponse[] }> {
    const { status, entries } = await this.queries.execute(
      new GetTimelineQuery(caller, id, correlationId),
    );
    return {
      claimId: id.toLowerCase(),
      status,
      items: this.views.timeline(id.toLowerCase(), entries, caller, correlationId),
    };
  }

  @Post(':id/decision')
  @HttpCode(200)
  @RequireScopes('claims:write')
  async decide(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @Body(new ZodBodyPipe(DecisionBodySchema)) body: DecisionBody,
    @CorrelationId() correlationId: string,
  ): Promise<ClaimView> {
    const decision: Decision =
      body.decision === 'APPROVE'
        ? { outcome: 'APPROVE', payoutCents: body.payoutCents }
        : { outcome: 'DENY', reason: body.reason };
    const claim = await this.commands.execute(
      new DecideClaimCommand(caller, id, decision, correlationId),
    );
    return this.views.of(claim, caller, correlationId);
  }

  @Post(':id/settle')
  @HttpCode(200)
  @RequireScopes('claims:write')
  async settle(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @CorrelationId() correlationId: string,
  ): Promise<ClaimView> {
    const claim = await this.commands.execute(new SettleClaimCommand(caller, id, correlationId));
    return this.views.of(claim, caller, correlationId);
  }

  @Post(':id/consents')
  @HttpCode(200)
  @RequireScopes('claims:write')
  async grantConsent(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @Body(new ZodBodyPipe(GrantConsentBodySchema)) body: GrantConsentBody,
    @CorrelationId() correlationId: string,
  ): Promise<{ items: { shopId: string }[] }> {
    const shops = await this.commands.execute(
      new GrantConsentCommand(caller, id, body.shopId, correlationId),
    );
    return { items: shops.map((shopId) => ({ shopId })) };
  }

  @Delete(':id/consents/:shopId')
  @RequireScopes('claims:write')
  async revokeConsent(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @Param('shopId') shopId: string,
    @CorrelationId() correlationId: string,
  ): Promise<{ items: { shopId: string }[] }> {
    if (!SHOP_ID.test(shopId)) {
      throw new DomainError('REQUEST.VALIDATION_FAILED', 'Invalid request', [
        { path: 'shopId', message: 'a shop id like S-01' },
      ]);
    }
    const shops = await this.commands.execute(
      new RevokeConsentCommand(caller, id, shopId, correlationId),
    );
    return { items: shops.map((s) => ({ shopId: s })) };
  }

  @Post(':id/photos')
  @HttpCode(201)
  @RequireScopes('claims:write')
  async attachPhoto(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @StrictBody(AttachPhotoBodySchema) body: AttachPhotoBody,
    @CorrelationId() correlationId: string,
  ): Promise<ClaimPhotoResponse> {
    const photo = await this.commands.execute(
      new AttachPhotoCommand(caller, id, body.url, correlationId),
    );
    return toClaimPhotoResponse(photo);
  }

  @Get(':id/contact')
  @RequireScopes('claims:contact')
  contact(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @CorrelationId() correlationId: string,
  ): Promise<{ phone: string | null }> {
    return this.queries.execute(new GetContactQuery(caller, id, correlationId));
  }

  /** East-west, for rental only (mTLS + exchanged token, see the route manifest). */
  @Get(':id/coverage')
  @ExchangedToken('claims:coverage')
  coverage(
    @CurrentParty() caller: AuthenticatedParty,
    @Param('id') id: string,
    @CorrelationId() correlationId: string,
  ): Promise<Coverage> {
    return this.queries.execute(new GetCoverageQuery(caller, id, correlationId));
  }
}
