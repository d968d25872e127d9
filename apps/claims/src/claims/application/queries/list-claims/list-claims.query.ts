import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { ClaimSnapshot } from '../../../domain/claim.js';

/** A party asks for its claims (for a member: the claims they filed, newest first). */
export class ListClaimsQuery extends Query<ClaimSnapshot[]> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly correlationId: string,
  ) {
    super();
  }
}
