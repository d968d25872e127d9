import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@claimguard/contracts';
import { auditDecision, type AuthenticatedParty } from '@claimguard/auth';
import { audit, type Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { ClaimsConfig } from '../../../../config.js';
import { CLAIMS_CONFIG } from '../../../../platform/tokens.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../../../domain/claim-status.js';
import { Claim, type ClaimSnapshot, type FileClaimInput } from '../../../domain/claim.js';
import { ClaimsPolicy } from '../../../policies/claims.policy.js';
import { ClaimRepository, type ChangeContext } from '../../ports/claim.repository.port.js';
import type { ClaimEvent } from '../../../domain/claim.events.js';
import { FileClaimCommand } from './file-claim.command.js';

/**
 * Files a claim for the calling member: policy first, then the aggregate, then one atomic save.
 * One loss, one claim (defense `business-flow`, OWASP API6:2023): a second claim of the member for
 * the same vehicle and loss date while the first is not denied is the classic double-dipping
 * pattern, refused 409 `CLAIMS.DUPLICATE_CLAIM` and audited.
 */
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
    const bound = this.config.defenses.isOn('mass-assignment') ? [] : boundRequestFields(input);
    const claim =
      bound.length === 0
        ? filed.claim
        : Claim.restore({ ...filed.claim.snapshot(), ...Object.fromEntries(bound) });
    if (bound.length > 0) {
      // The person is known here (the body pipe's own audit line cannot name them).
      audit(this.log, {
        action: 'defense.off',
        defense: 'mass-assignment',
        sub: caller.sub,
        party: caller.party,
        correlationId,
        resource: `claim:${claim.id}`,
        reason: `FileClaim bound ${bound.map(([field]) => field).join(', ')} from the request body (defense mass-assignment is off)`,
      });
    }
    await this.save(caller, claim, event, {
      actor: { sub: caller.sub, party: caller.party },
      correlationId,
    });
    this.log.info({ claimId: claim.id, correlationId }, 'claim filed');
    return claim.snapshot();
  }

  /** Saves the new claim unless it duplicates one (read per request: the switch flips at runtime). */
  private async save(
    caller: AuthenticatedParty,
    claim: Claim,
    event: ClaimEvent,
    context: ChangeContext,
  ): Promise<void> {
    const { correlationId } = context;
    const who = { sub: caller.sub, party: caller.party, correlationId, resource: 'claims' };
    if (this.config.defenses.isOn('business-flow')) {
      const duplicate = await this.claims.addUnlessDuplicate(claim, [event], context);
      if (!duplicate) return;
      audit(this.log, {
        action: 'authz.denied',
        defense: 'business-flow',
        ...who,
        resource: `claim:${duplicate.id}`,
        reason: 'FileClaim refused: the member already has a claim for this vehicle and loss date',
      });
      throw new DomainError(
        'CLAIMS.DUPLICATE_CLAIM',
        'A claim for this vehicle and loss date already exists',
        [{ path: 'claimId', message: duplicate.id }],
      );
    }
    // TRAINING ONLY (defense `business-flow` off, refused in production): the flow has no limit;
    // a member files the same loss again and again (double dipping).
    const { vehicle, lossDate } = claim.snapshot();
    await this.claims.add(claim, [event], context);
    // Looked up after the insert, so a race of identical requests is seen too: every claim but the
    // first filed for this vehicle and loss date is a duplicate.
    const first = await this.claims.findDuplicate(claim.memberId, vehicle.vin, lossDate);
    const duplicate = first && first.id !== claim.id ? first : undefined;
    if (duplicate) {
      audit(this.log, {
        action: 'defense.off',
        defense: 'business-flow',
        ...who,
        resource: `claim:${claim.id}`,
        reason: `duplicate claim filed for the same vehicle and loss date as claim ${duplicate.id}`,
      });
    }
  }
}

/**
 * TRAINING ONLY (defense `mass-assignment` off, refused in production): what binding a request to
 * a model looks like. The body kept fields it should never carry (StrictBody let them through) and
 * these are the ones copied onto the new claim — a member files a claim that is already APPROVED with a
 * payout of their choosing (OWASP API3:2023). With the defense on, the body never gets here.
 */
type BindableField = keyof ClaimSnapshot & ('status' | 'payoutCents' | 'adjusterId');

function boundRequestFields(input: FileClaimInput): [BindableField, unknown][] {
  const sent = input as FileClaimInput & Record<string, unknown>;
  const bound: [BindableField, unknown][] = [];
  if (CLAIM_STATUSES.includes(sent.status as ClaimStatus)) bound.push(['status', sent.status]);
  if (typeof sent.payoutCents === 'number') bound.push(['payoutCents', sent.payoutCents]);
  if (typeof sent.adjusterId === 'string') bound.push(['adjusterId', sent.adjusterId]);
  return bound;
}
