import { Command } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { ClaimSnapshot } from '../../../domain/claim.js';

/** The assigned adjuster issues the payout of a repaired claim, which closes it. */
export class SettleClaimCommand extends Command<ClaimSnapshot> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly claimId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
