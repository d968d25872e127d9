import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { ClaimSnapshot } from '../../../domain/claim.js';

/** What one page of the list holds, and the page size that was applied. */
export interface ClaimsPage {
  claims: ClaimSnapshot[];
  limit: number;
}

/**
 * A party asks for its claims (for a member: the claims they filed, newest first), at most
 * `limit` of them (the raw query value; the handler applies the page-size rules).
 */
export class ListClaimsQuery extends Query<ClaimsPage> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly correlationId: string,
    readonly limit?: unknown,
  ) {
    super();
  }
}
