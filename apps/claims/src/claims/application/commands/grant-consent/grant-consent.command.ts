import { Command } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';

/** A member lets one shop see their contact details for one claim. Answers the consented shops. */
export class GrantConsentCommand extends Command<string[]> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly claimId: string,
    readonly shopId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
