import { Command } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { ClaimSnapshot, Decision } from '../../../domain/claim.js';

/** The assigned adjuster approves (with a payout) or denies a claim's estimate. */
export class DecideClaimCommand extends Command<ClaimSnapshot> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly claimId: string,
    readonly decision: Decision,
    readonly correlationId: string,
  ) {
    super();
  }
}
