import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@claimguard/contracts';
import { auditDecision } from '@claimguard/auth';
import type { Logger } from '@claimguard/observability';
import { LOGGER, pageLimit } from '@claimguard/service-kit';
import type { ClaimsConfig } from '../../../../config.js';
import { CLAIMS_CONFIG } from '../../../../platform/tokens.js';
import { ClaimsPolicy } from '../../../policies/claims.policy.js';
import { ClaimRepository } from '../../ports/claim.repository.port.js';
import { ListClaimsQuery, type ClaimsPage } from './list-claims.query.js';

/**
 * Lists the caller's own claims: a member's filed claims, an adjuster's queue. Which party kinds
 * may list at all is the policy's call; the page size is `pageLimit`'s (default 20, at most 100:
 * defense `resource-limits`).
 */
@QueryHandler(ListClaimsQuery)
export class ListClaimsHandler implements IQueryHandler<ListClaimsQuery> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly policy: ClaimsPolicy,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(CLAIMS_CONFIG) private readonly config: Pick<ClaimsConfig, 'defenses'>,
  ) {}

  async execute({ caller, correlationId, limit: asked }: ListClaimsQuery): Promise<ClaimsPage> {
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
    const limit = pageLimit(asked, {
      defenses: this.config.defenses,
      log: this.log,
      caller,
      correlationId,
      resource: 'claims',
    });
    const { kind, id } = caller.party;
    const claims =
      kind === 'adjuster'
        ? await this.claims.listByAdjuster(id, limit)
        : await this.claims.listByMember(id, limit);
    return { claims, limit };
  }
}
