import { Module } from '@nestjs/common';
import type { ClaimsConfig } from '../config.js';
import { CLAIMS_CONFIG } from '../platform/tokens.js';
import { ClaimAccess } from './application/claim-access.js';
import { AttachPhotoHandler } from './application/commands/attach-photo/attach-photo.handler.js';
import { AdvanceClaimHandler } from './application/commands/advance-claim/advance-claim.handler.js';
import { DecideClaimHandler } from './application/commands/decide-claim/decide-claim.handler.js';
import { FileClaimHandler } from './application/commands/file-claim/file-claim.handler.js';
import { GrantConsentHandler } from './application/commands/grant-consent/grant-consent.handler.js';
import { RevokeConsentHandler } from './application/commands/revoke-consent/revoke-consent.handler.js';
import { SettleClaimHandler } from './application/commands/settle-claim/settle-claim.handler.js';
import { AdjusterDirectory } from './application/ports/adjuster-directory.port.js';
import { ClaimPhotoRepository } from './application/ports/claim-photo.repository.port.js';
import { PhotoFetcher } from './application/ports/photo-fetcher.port.js';
import { ClaimRepository } from './application/ports/claim.repository.port.js';
import { ConsentRepository } from './application/ports/consent.repository.port.js';
import { TimelineRepository } from './application/ports/timeline.repository.port.js';
import { GetClaimHandler } from './application/queries/get-claim/get-claim.handler.js';
import { GetContactHandler } from './application/queries/get-contact/get-contact.handler.js';
import { GetCoverageHandler } from './application/queries/get-coverage/get-coverage.handler.js';
import { GetTimelineHandler } from './application/queries/get-timeline/get-timeline.handler.js';
import { ListClaimsHandler } from './application/queries/list-claims/list-claims.handler.js';
import { PrismaAdjusterDirectory } from './infrastructure/adjuster-directory.js';
import { PrismaClaimPhotoRepository } from './infrastructure/claim-photo.repository.js';
import { PrismaClaimRepository } from './infrastructure/claim.repository.js';
import { HttpPhotoFetcher } from './infrastructure/http-photo-fetcher.js';
import { PrismaConsentRepository } from './infrastructure/consent.repository.js';
import { PrismaTimelineRepository } from './infrastructure/timeline.repository.js';
import { ClaimSagaConsumer } from './interface/claim-saga.consumer.js';
import { ClaimTimelineConsumer } from './interface/claim-timeline.consumer.js';
import { ClaimViews } from './interface/claim-views.js';
import { ClaimsController } from './interface/claims.controller.js';
import { ClaimsPolicy } from './policies/claims.policy.js';

/**
 * The claims feature: its HTTP entry, its event entries (the saga consumer and the timeline
 * projection), use-case handlers, repositories and policy.
 */
@Module({
  controllers: [ClaimsController],
  providers: [
    ClaimAccess,
    ClaimViews,
    FileClaimHandler,
    DecideClaimHandler,
    SettleClaimHandler,
    GrantConsentHandler,
    RevokeConsentHandler,
    AdvanceClaimHandler,
    AttachPhotoHandler,
    GetClaimHandler,
    ListClaimsHandler,
    GetTimelineHandler,
    GetContactHandler,
    GetCoverageHandler,
    ClaimSagaConsumer,
    ClaimTimelineConsumer,
    { provide: ClaimRepository, useClass: PrismaClaimRepository },
    { provide: ConsentRepository, useClass: PrismaConsentRepository },
    { provide: AdjusterDirectory, useClass: PrismaAdjusterDirectory },
    { provide: ClaimPhotoRepository, useClass: PrismaClaimPhotoRepository },
    { provide: PhotoFetcher, useClass: HttpPhotoFetcher },
    { provide: TimelineRepository, useClass: PrismaTimelineRepository },
    {
      provide: ClaimsPolicy,
      inject: [CLAIMS_CONFIG],
      // Loaded once at boot: a broken policy file stops the service instead of denying at random.
      useFactory: (config: ClaimsConfig) =>
        ClaimsPolicy.load(config.defenses, undefined, config.STEP_UP_MAX_AGE_SECONDS),
    },
  ],
})
export class ClaimsModule {}
