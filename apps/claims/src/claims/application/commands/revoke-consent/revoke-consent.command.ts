import { Command } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';

/** A member withdraws a shop's access to their contact details. Answers the consented shops. */
export class RevokeConsentCommand extends Command<string[]> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly claimId: string,
    readonly shopId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
