import { Query } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';

/** What claims tells rental about a claim's rental cover. */
export interface Coverage {
  claimId: string;
  rentalCovered: boolean;
  rentalDays: number;
}

/** Rental, acting for a rental agent (exchanged token), asks whether a claim covers a rental. */
export class GetCoverageQuery extends Query<Coverage> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly claimId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
