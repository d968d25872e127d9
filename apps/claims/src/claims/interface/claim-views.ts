import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedParty } from '@claimguard/auth';
import { audit, type Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { ClaimsConfig } from '../../config.js';
import { CLAIMS_CONFIG } from '../../platform/tokens.js';
import type { ClaimSnapshot } from '../domain/claim.js';
import {
  FULL_VIEW,
  toClaimView,
  type ClaimResponse,
  type RedactedClaimResponse,
} from './dto/claim.response.js';

/** What a caller gets back for a claim. */
export type ClaimView = ClaimResponse | RedactedClaimResponse | StoredClaim;

/** TRAINING ONLY: the stored claim as it is, personal data and internal fields included. */
export type StoredClaim = ClaimSnapshot;

/**
 * Turns a claim into the view its caller may see (defense `data-exposure`, OWASP API3:2023): full
 * for members and adjusters, redacted for every other party kind. The switch is read per response.
 */
@Injectable()
export class ClaimViews {
  constructor(
    @Inject(CLAIMS_CONFIG) private readonly config: Pick<ClaimsConfig, 'defenses'>,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  of(claim: ClaimSnapshot, caller: AuthenticatedParty, correlationId: string): ClaimView {
    const { kind } = caller.party;
    if (FULL_VIEW.has(kind)) return toClaimView(claim, kind);
    if (this.config.defenses.isOn('data-exposure')) {
      // A read of a person's claim without their personal data is still worth a trace: who looked
      // at which claim, and that the redaction held.
      audit(this.log, {
        action: 'data.redacted',
        defense: 'data-exposure',
        sub: caller.sub,
        party: caller.party,
        correlationId,
        resource: `claim:${claim.id}`,
        reason: `member id, phone, street and full VIN left out for a ${kind}`,
      });
      return toClaimView(claim, kind);
    }
    // TRAINING ONLY (defense `data-exposure` off, refused in production): the classic shortcut of
    // answering with the stored model instead of a DTO. The service rep, who should see a status,
    // gets the member's number, phone, street, full VIN and the whole story.
    audit(this.log, {
      action: 'defense.off',
      defense: 'data-exposure',
      sub: caller.sub,
      party: caller.party,
      correlationId,
      resource: `claim:${claim.id}`,
      reason: `unredacted claim (member id, phone, street, VIN) answered to a ${kind}`,
    });
    return { ...claim };
  }
}
