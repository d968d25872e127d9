import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@claimguard/contracts';
import { auditDecision } from '@claimguard/auth';
import type { Logger } from '@claimguard/observability';
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
    const allowed = auditDecision(this.policy.canFile(caller), {
      log: this.log,
      defense: 'bfla',
      action: 'FileClaim',
      caller,
      correlationId,
      resource: 'claims',
    });
    if (!allowed) {
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
