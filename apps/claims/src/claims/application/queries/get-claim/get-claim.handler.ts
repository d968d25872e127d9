import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ClaimSnapshot } from '../../../domain/claim.js';
import { ClaimAccess } from '../../claim-access.js';
import { GetClaimQuery } from './get-claim.query.js';

/**
 * Reads one claim through the policy. Missing, malformed and denied all answer the same 404, so
 * ids cannot be probed; only a denial writes an audit line (that is the attack signal).
 */
@QueryHandler(GetClaimQuery)
export class GetClaimHandler implements IQueryHandler<GetClaimQuery> {
  constructor(private readonly access: ClaimAccess) {}

  execute({ caller, claimId, correlationId }: GetClaimQuery): Promise<ClaimSnapshot> {
    return this.access.readable(caller, claimId, correlationId);
  }
}
