import { Command } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { ClaimSnapshot, FileClaimInput } from '../../../domain/claim.js';

/**
 * A party asks to file a claim. The member is the verified caller, never a body field: the body
 * only says what happened.
 */
export class FileClaimCommand extends Command<ClaimSnapshot> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly input: FileClaimInput,
    readonly correlationId: string,
  ) {
    super();
  }
}
