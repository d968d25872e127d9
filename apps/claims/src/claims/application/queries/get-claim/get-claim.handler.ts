import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { audit, type Logger } from '@claimguard/observability';
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
    const decision = this.policy.canRead(caller, claim);
    const who = {
      correlationId,
      sub: caller.sub,
      party: caller.party,
      resource: `claim:${claim.id}`,
    };
    if (!decision.allowed) {
      audit(this.log, {
        action: 'authz.denied',
        defense: 'bola',
        ...who,
        reason:
          decision.errors.length > 0
            ? `policy error: ${decision.errors.join('; ')}`
            : 'ReadClaim denied by policy',
      });
      throw new ClaimNotFound();
    }
    const training = decision.reasons.filter((id) => id.startsWith('training-'));
    if (training.length > 0) {
      // The defense is off and it mattered: say so loudly, so the workshop can see the hole used.
      audit(this.log, {
        action: 'authz.allowed',
        defense: 'bola',
        ...who,
        reason: `allowed by ${training.join(', ')}`,
      });
    }
    return claim;
  }
}
