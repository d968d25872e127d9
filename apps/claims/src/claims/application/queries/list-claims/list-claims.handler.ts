import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@claimguard/contracts';
import { auditDecision } from '@claimguard/auth';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { ClaimSnapshot } from '../../../domain/claim.js';
import { ClaimsPolicy } from '../../../policies/claims.policy.js';
import { ClaimRepository } from '../../ports/claim.repository.port.js';
import { ListClaimsQuery } from './list-claims.query.js';

/** Upper bound of one list answer until the API grows pagination (no unbounded responses). */
export const LIST_CLAIMS_LIMIT = 100;

/**
 * Lists the caller's own claims: a member's filed claims, an adjuster's queue. Which party kinds
 * may list at all is the policy's call.
 */
@QueryHandler(ListClaimsQuery)
export class ListClaimsHandler implements IQueryHandler<ListClaimsQuery> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly policy: ClaimsPolicy,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ caller, correlationId }: ListClaimsQuery): Promise<ClaimSnapshot[]> {
    const allowed = auditDecision(this.policy.canList(caller), {
      log: this.log,
      defense: 'bfla',
      action: 'ListClaims',
      caller,
      correlationId,
      resource: 'claims',
    });
    if (!allowed) {
      throw new DomainError('AUTHZ.FORBIDDEN', 'This party may not list claims');
    }
    const { kind, id } = caller.party;
    return kind === 'adjuster'
      ? this.claims.listByAdjuster(id, LIST_CLAIMS_LIMIT)
      : this.claims.listByMember(id, LIST_CLAIMS_LIMIT);
  }
}
