import { Inject, Injectable } from '@nestjs/common';
import { auditDecision, type AuthenticatedParty, type PolicyDecision } from '@claimguard/auth';
import { DomainError, type DefenseId } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { ClaimSnapshot } from '../domain/claim.js';
import { ClaimNotFound } from '../domain/claim.errors.js';
import { ClaimsPolicy } from '../policies/claims.policy.js';
import { ClaimRepository } from './ports/claim.repository.port.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which function a caller asks for on a claim it may see. */
type ClaimFunction = 'DecideClaim' | 'SettleClaim' | 'ManageConsent' | 'AttachPhoto';

/**
 * The one way use cases reach a claim on behalf of a caller. Missing, malformed and unreadable
 * all answer the same 404 (no existence oracle: "not yours" looks like "no such claim"); a
 * function the caller may not use on a claim it may see is a 403. Every denial is audited.
 */
@Injectable()
export class ClaimAccess {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly policy: ClaimsPolicy,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** The claim, if the caller may read it (defense `bola`); else `ClaimNotFound`. */
  async readable(
    caller: AuthenticatedParty,
    claimId: string,
    correlationId: string,
  ): Promise<ClaimSnapshot> {
    if (!UUID.test(claimId)) throw new ClaimNotFound();
    const claim = await this.claims.findById(claimId.toLowerCase());
    if (!claim) throw new ClaimNotFound();
    const allowed = this.audited(this.policy.canRead(caller, claim), {
      caller,
      correlationId,
      defense: 'bola',
      action: 'ReadClaim',
      claim,
    });
    if (!allowed) throw new ClaimNotFound();
    return claim;
  }

  /**
   * The claim, if the caller may read it AND use `action` on it (defense `bfla`); a readable
   * claim with the function denied is `AUTHZ.FORBIDDEN`.
   */
  async forFunction(
    caller: AuthenticatedParty,
    claimId: string,
    action: ClaimFunction,
    correlationId: string,
  ): Promise<ClaimSnapshot> {
    const claim = await this.readable(caller, claimId, correlationId);
    const decision =
      action === 'DecideClaim'
        ? this.policy.canDecide(caller, claim)
        : action === 'SettleClaim'
          ? this.policy.canSettle(caller, claim)
          : action === 'AttachPhoto'
            ? this.policy.canAttachPhoto(caller, claim)
            : this.policy.canManageConsent(caller, claim);
    if (!this.audited(decision, { caller, correlationId, defense: 'bfla', action, claim })) {
      throw new DomainError('AUTHZ.FORBIDDEN', `This party may not ${FUNCTION_WORDS[action]}`);
    }
    return claim;
  }

  /** Writes the audit line of a decision; see `auditDecision` of libs/auth. */
  audited(
    decision: PolicyDecision,
    about: {
      caller: AuthenticatedParty;
      correlationId: string;
      defense: DefenseId;
      action: string;
      claim: { id: string };
    },
  ): boolean {
    return auditDecision(decision, {
      log: this.log,
      defense: about.defense,
      action: about.action,
      caller: about.caller,
      correlationId: about.correlationId,
      resource: `claim:${about.claim.id}`,
    });
  }
}

const FUNCTION_WORDS: Record<ClaimFunction, string> = {
  DecideClaim: 'decide this claim',
  SettleClaim: 'settle this claim',
  ManageConsent: "manage this claim's consents",
  AttachPhoto: 'attach photos to this claim',
};
