import { Command } from '@nestjs/cqrs';
import type { AuthenticatedParty } from '@claimguard/auth';
import type { ClaimPhoto } from '../../ports/claim-photo.repository.port.js';

/** A member attaches a photo to their claim by URL; the service fetches it once. */
export class AttachPhotoCommand extends Command<ClaimPhoto> {
  constructor(
    readonly caller: AuthenticatedParty,
    readonly claimId: string,
    readonly url: string,
    readonly correlationId: string,
  ) {
    super();
  }
}
