import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ClaimNotFound } from '../../../domain/claim.errors.js';
import { ClaimAccess } from '../../claim-access.js';
import { ClaimRepository } from '../../ports/claim.repository.port.js';
import { ClaimsPolicy } from '../../../policies/claims.policy.js';
import { GetCoverageQuery, type Coverage } from './get-coverage.query.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Days of rental a claim covers: a claim filed with `needsRental` covers the days the member asked
 * for (up to `RENTAL_DAYS_MAX`), else 14 days (the policy's standard rental benefit); a denied
 * claim, or one filed without it, covers none. Claims' rule is not rental's: a reservation holds
 * fewer days, and rental must bound this answer itself (API10:2023, defense `upstream-validation`).
 */
export const COVERED_RENTAL_DAYS = 14;

/**
 * Coverage for rental (east-west, exchanged token): the policy allows `ReadCoverage` only to a
 * rental agent acting through rental. Anything else, like an unknown claim, is a 404.
 */
@QueryHandler(GetCoverageQuery)
export class GetCoverageHandler implements IQueryHandler<GetCoverageQuery> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly policy: ClaimsPolicy,
    private readonly access: ClaimAccess,
  ) {}

  async execute({ caller, claimId, correlationId }: GetCoverageQuery): Promise<Coverage> {
    if (!UUID.test(claimId)) throw new ClaimNotFound();
    const claim = await this.claims.findById(claimId.toLowerCase());
    if (!claim) throw new ClaimNotFound();
    const allowed = this.access.audited(this.policy.canReadCoverage(caller, claim), {
      caller,
      correlationId,
      defense: 'bola',
      action: 'ReadCoverage',
      claim,
    });
    if (!allowed) throw new ClaimNotFound();
    const rentalCovered = claim.needsRental && claim.status !== 'DENIED';
    return {
      claimId: claim.id,
      rentalCovered,
      rentalDays: rentalCovered ? (claim.rentalDays ?? COVERED_RENTAL_DAYS) : 0,
    };
  }
}
