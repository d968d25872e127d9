import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@claimguard/contracts';
import { auditDecision } from '@claimguard/auth';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { ClaimsConfig } from '../../../../config.js';
import { CLAIMS_CONFIG } from '../../../../platform/tokens.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../../../domain/claim-status.js';
import { Claim, type ClaimSnapshot, type FileClaimInput } from '../../../domain/claim.js';
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
    @Inject(CLAIMS_CONFIG) private readonly config: Pick<ClaimsConfig, 'defenses'>,
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
    const filed = Claim.file(input, {
      id: randomUUID(),
      memberId: caller.party.id,
      now: new Date(),
    });
    const { event } = filed;
    const claim = this.config.defenses.isOn('mass-assignment')
      ? filed.claim
      : bindRequestFields(filed.claim, input);
    await this.claims.add(claim, [event], {
      actor: { sub: caller.sub, party: caller.party },
      correlationId,
    });
    this.log.info({ claimId: claim.id, correlationId }, 'claim filed');
    return claim.snapshot();
  }
}

/**
 * TRAINING ONLY (defense `mass-assignment` off, refused in production): what binding a request to
 * a model looks like. The body kept fields it should never carry (StrictBody let them through) and
 * they are copied onto the new claim — a member files a claim that is already APPROVED with a
 * payout of their choosing (OWASP API3:2023). With the defense on, the body never gets here.
 */
function bindRequestFields(claim: Claim, input: FileClaimInput): Claim {
  const sent = input as FileClaimInput & Record<string, unknown>;
  const bound: Partial<Record<'status' | 'payoutCents' | 'adjusterId', unknown>> = {};
  if (CLAIM_STATUSES.includes(sent.status as ClaimStatus)) bound.status = sent.status;
  if (typeof sent.payoutCents === 'number') bound.payoutCents = sent.payoutCents;
  if (typeof sent.adjusterId === 'string') bound.adjusterId = sent.adjusterId;
  return Object.keys(bound).length === 0
    ? claim
    : Claim.restore({ ...claim.snapshot(), ...(bound as Partial<ClaimSnapshot>) });
}
