import { Module } from '@nestjs/common';
import type { ClaimsConfig } from '../config.js';
import { CLAIMS_CONFIG } from '../platform/tokens.js';
import { FileClaimHandler } from './application/commands/file-claim/file-claim.handler.js';
import { ClaimRepository } from './application/ports/claim.repository.port.js';
import { GetClaimHandler } from './application/queries/get-claim/get-claim.handler.js';
import { ListClaimsHandler } from './application/queries/list-claims/list-claims.handler.js';
import { PrismaClaimRepository } from './infrastructure/claim.repository.js';
import { ClaimsController } from './interface/claims.controller.js';
import { ClaimsPolicy } from './policies/claims.policy.js';

/** The claims feature: its HTTP entry, use-case handlers, repository and policy. */
@Module({
  controllers: [ClaimsController],
  providers: [
    FileClaimHandler,
    GetClaimHandler,
    ListClaimsHandler,
    { provide: ClaimRepository, useClass: PrismaClaimRepository },
    {
      provide: ClaimsPolicy,
      inject: [CLAIMS_CONFIG],
      // Loaded once at boot: a broken policy file stops the service instead of denying at random.
      useFactory: (config: ClaimsConfig) => ClaimsPolicy.load(config.defenses),
    },
  ],
})
export class ClaimsModule {}
