import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClaimAccess } from '../../claim-access.js';
import { ConsentRepository } from '../../ports/consent.repository.port.js';
import { GrantConsentCommand } from './grant-consent.command.js';

/** Grants a consent on the caller's own claim (granting twice is one consent). */
@CommandHandler(GrantConsentCommand)
export class GrantConsentHandler implements ICommandHandler<GrantConsentCommand> {
  constructor(
    private readonly access: ClaimAccess,
    private readonly consents: ConsentRepository,
  ) {}

  async execute({
    caller,
    claimId,
    shopId,
    correlationId,
  }: GrantConsentCommand): Promise<string[]> {
    const claim = await this.access.forFunction(caller, claimId, 'ManageConsent', correlationId);
    await this.consents.grant(claim.id, shopId);
    return this.consents.shopsFor(claim.id);
  }
}
