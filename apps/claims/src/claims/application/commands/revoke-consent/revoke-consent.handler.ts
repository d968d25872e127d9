import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClaimAccess } from '../../claim-access.js';
import { ConsentRepository } from '../../ports/consent.repository.port.js';
import { RevokeConsentCommand } from './revoke-consent.command.js';

/**
 * Revokes a consent on the caller's own claim. It takes effect on the shop's next request: the
 * contact route reads the consents every time. Revoking a consent that does not exist is fine
 * (the member's intent holds either way).
 */
@CommandHandler(RevokeConsentCommand)
export class RevokeConsentHandler implements ICommandHandler<RevokeConsentCommand> {
  constructor(
    private readonly access: ClaimAccess,
    private readonly consents: ConsentRepository,
  ) {}

  async execute({
    caller,
    claimId,
    shopId,
    correlationId,
  }: RevokeConsentCommand): Promise<string[]> {
    const claim = await this.access.forFunction(caller, claimId, 'ManageConsent', correlationId);
    await this.consents.revoke(claim.id, shopId);
    return this.consents.shopsFor(claim.id);
  }
}
