import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { auditDecision } from '@claimguard/auth';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { ClaimSnapshot } from '../../../domain/claim.js';
import { ClaimNotFound } from '../../../domain/claim.errors.js';
import { ClaimsPolicy } from '../../../policies/claims.policy.js';
import { ClaimRepository } from '../../ports/claim.repository.port.js';
import { GetClaimQuery } from './get-claim.query.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads one claim through the policy. Missing, malformed and denied all answer the same 404, so
 * ids cannot be probed; only a denial writes an audit line (that is the attack signal).
 */
@QueryHandler(GetClaimQuery)
export class GetClaimHandler implements IQueryHandler<GetClaimQuery> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly policy: ClaimsPolicy,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ caller, claimId, correlationId }: GetClaimQuery): Promise<ClaimSnapshot> {
    if (!UUID.test(claimId)) throw new ClaimNotFound();
    const claim = await this.claims.findById(claimId.toLowerCase());
    if (!claim) throw new ClaimNotFound();
    const allowed = auditDecision(this.policy.canRead(caller, claim), {
      log: this.log,
      defense: 'bola',
      action: 'ReadClaim',
      caller,
      correlationId,
      resource: `claim:${claim.id}`,
    });
    if (!allowed) throw new ClaimNotFound();
    return claim;
  }
}
