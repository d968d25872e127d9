import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedParty } from '@claimguard/auth';
import { audit, type Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { ClaimsConfig } from '../../config.js';
import { CLAIMS_CONFIG } from '../../platform/tokens.js';
import type { ClaimSnapshot } from '../domain/claim.js';
import type { TimelineEntry } from '../application/ports/timeline.repository.port.js';
import {
  FULL_VIEW,
  toClaimView,
  type ClaimResponse,
  type RedactedClaimResponse,
} from './dto/claim.response.js';
import {
  toRedactedTimelineEntryResponse,
  toTimelineEntryResponse,
  type TimelineEntryResponse,
} from './dto/timeline.response.js';

/** What a caller gets back for a claim. */
export type ClaimView = ClaimResponse | RedactedClaimResponse | StoredClaim;

/** TRAINING ONLY: the stored claim as it is, personal data and internal fields included. */
export type StoredClaim = ClaimSnapshot;

/**
 * What each caller may see of a claim (defense `data-exposure`, OWASP API3:2023) — the claim and
 * its timeline by one rule: full for members and adjusters, redacted for every other party kind
 * (no personal data in the claim, no amounts on the timeline). The switch is read per response.
 */
@Injectable()
export class ClaimViews {
  constructor(
    @Inject(CLAIMS_CONFIG) private readonly config: Pick<ClaimsConfig, 'defenses'>,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  of(claim: ClaimSnapshot, caller: AuthenticatedParty, correlationId: string): ClaimView {
    const { kind } = caller.party;
    const view = this.viewFor(caller, `claim:${claim.id}`, correlationId, {
      redacted: `member id, phone, street and full VIN left out for a ${kind}`,
      exposed: `unredacted claim (member id, phone, street, VIN) answered to a ${kind}`,
    });
    if (view !== 'stored') return toClaimView(claim, kind);
    // TRAINING ONLY (defense `data-exposure` off, refused in production): the classic shortcut of
    // answering with the stored model instead of a DTO. The service rep, who should see a status,
    // gets the member's number, phone, street, full VIN and the whole story.
    return { ...claim };
  }

  /** A claim's timeline as `caller` may read it: amounts only in the full view. */
  timeline(
    claimId: string,
    entries: readonly TimelineEntry[],
    caller: AuthenticatedParty,
    correlationId: string,
  ): TimelineEntryResponse[] {
    const { kind } = caller.party;
    const view = this.viewFor(caller, `claim:${claimId}/timeline`, correlationId, {
      redacted: `estimate and payout amounts left out of the timeline for a ${kind}`,
      exposed: `timeline with estimate and payout amounts answered to a ${kind}`,
    });
    return entries.map((entry) =>
      view === 'redacted' ? toRedactedTimelineEntryResponse(entry) : toTimelineEntryResponse(entry),
    );
  }

  /**
   * The one rule: `full` for the party kinds that see everything, `redacted` for the rest (the
   * read audited as `data.redacted`: who looked at whose claim, and that the redaction held), and
   * `stored` — everything — for them while the defense is off (audited as `defense.off`).
   */
  private viewFor(
    caller: AuthenticatedParty,
    resource: string,
    correlationId: string,
    reasons: { redacted: string; exposed: string },
  ): 'full' | 'redacted' | 'stored' {
    if (FULL_VIEW.has(caller.party.kind)) return 'full';
    const on = this.config.defenses.isOn('data-exposure');
    audit(this.log, {
      action: on ? 'data.redacted' : 'defense.off',
      defense: 'data-exposure',
      sub: caller.sub,
      party: caller.party,
      correlationId,
      resource,
      reason: on ? reasons.redacted : reasons.exposed,
    });
    return on ? 'redacted' : 'stored';
  }
}
