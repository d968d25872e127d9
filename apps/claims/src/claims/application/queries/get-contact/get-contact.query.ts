import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';

/** A collision shop asks for the member's contact details of a claim. */
export class GetContactQuery extends Query<{ phone: string | null }> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly claimId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
