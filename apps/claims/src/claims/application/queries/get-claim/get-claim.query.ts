import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { ClaimSnapshot } from '../../../domain/claim.js';

/** A party asks for one claim by id (the raw path parameter, not yet known to be a UUID). */
export class GetClaimQuery extends Query<ClaimSnapshot> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly claimId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
