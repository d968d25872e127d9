import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import { Claim, type ClaimSnapshot } from '../../../domain/claim.js';
import { IllegalClaimTransition } from '../../../domain/claim.errors.js';
import { ClaimAccess } from '../../claim-access.js';
import { ClaimRepository } from '../../ports/claim.repository.port.js';
import { SettleClaimCommand } from './settle-claim.command.js';

/** Settles a repaired claim: `REPAIR_COMPLETED` → `SETTLED` with `ClaimSettled`, once. */
@CommandHandler(SettleClaimCommand)
export class SettleClaimHandler implements ICommandHandler<SettleClaimCommand> {
  constructor(
    private readonly access: ClaimAccess,
    private readonly claims: ClaimRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute({ caller, claimId, correlationId }: SettleClaimCommand): Promise<ClaimSnapshot> {
    const stored = await this.access.forFunction(caller, claimId, 'SettleClaim', correlationId);
    const claim = Claim.restore(stored);
    const event = claim.settle(new Date());
    const saved = await this.claims.update(claim, stored.status, [event], {
      actor: { sub: caller.sub, party: caller.party },
      correlationId,
    });
    if (!saved)
      throw new IllegalClaimTransition(stored.status, 'settlement (it changed meanwhile)');
    this.log.info({ claimId: claim.id, correlationId }, 'claim settled');
    return claim.snapshot();
  }
}
