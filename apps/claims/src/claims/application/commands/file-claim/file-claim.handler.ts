import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@claimguard/contracts';
import { audit, type Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import { Claim, type ClaimSnapshot } from '../../../domain/claim.js';
import { ClaimsPolicy } from '../../../policies/claims.policy.js';
import { ClaimRepository } from '../../ports/claim.repository.port.js';
import { FileClaimCommand } from './file-claim.command.js';

/** Files a claim for the calling member: policy first, then the aggregate, then one atomic save. */
@CommandHandler(FileClaimCommand)
export class FileClaimHandler implements ICommandHandler<FileClaimCommand> {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly policy: ClaimsPolicy,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ caller, input, correlationId }: FileClaimCommand): Promise<ClaimSnapshot> {
    const decision = this.policy.canFile(caller);
    if (!decision.allowed) {
      audit(this.log, {
        action: 'authz.denied',
        defense: 'bfla',
        correlationId,
        sub: caller.sub,
        party: caller.party,
        resource: 'claims',
        reason: `FileClaim denied for party kind ${caller.party.kind}`,
      });
      throw new DomainError('AUTHZ.FORBIDDEN', 'Only members may file claims');
    }
    const { claim, event } = Claim.file(input, {
      id: randomUUID(),
      memberId: caller.party.id,
      now: new Date(),
    });
    await this.claims.add(claim, [event], {
      actor: { sub: caller.sub, party: caller.party },
      correlationId,
    });
    this.log.info({ claimId: claim.id, correlationId }, 'claim filed');
    return claim.snapshot();
  }
}
