import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@claimguard/contracts';
import { ClaimNotFound } from '../../../domain/claim.errors.js';
import { ClaimAccess } from '../../claim-access.js';
import { ClaimRepository } from '../../ports/claim.repository.port.js';
import { ConsentRepository } from '../../ports/consent.repository.port.js';
import { ClaimsPolicy } from '../../../policies/claims.policy.js';
import { GetContactQuery } from './get-contact.query.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The member's contact details for the shop holding the car, decided on every request from the
 * consents as they are now (defense `consent`): a revoked consent refuses the very next request.
 * A shop that does not hold the car gets the same 404 as for a claim that does not exist; the
 * shop that holds it but has no consent gets 403, so its UI can say "ask the member".
 */
@QueryHandler(GetContactQuery)
export class GetContactHandler implements IQueryHandler<GetContactQuery> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly consents: ConsentRepository,
    private readonly policy: ClaimsPolicy,
    private readonly access: ClaimAccess,
  ) {}

  async execute({
    caller,
    claimId,
    correlationId,
  }: GetContactQuery): Promise<{ phone: string | null }> {
    if (!UUID.test(claimId)) throw new ClaimNotFound();
    const claim = await this.claims.findById(claimId.toLowerCase());
    if (!claim) throw new ClaimNotFound();
    const decision = this.policy.canReadContact(
      caller,
      claim,
      await this.consents.shopsFor(claim.id),
    );
    const allowed = this.access.audited(decision, {
      caller,
      correlationId,
      defense: 'consent',
      action: 'ReadContact',
      claim,
    });
    if (!allowed) {
      if (caller.party.kind === 'repair_shop' && claim.shopId === caller.party.id) {
        throw new DomainError(
          'AUTHZ.FORBIDDEN',
          'The member has not consented to share contact details',
        );
      }
      throw new ClaimNotFound();
    }
    return { phone: claim.contactPhone };
  }
}
