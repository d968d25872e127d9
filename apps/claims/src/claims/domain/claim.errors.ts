import { ACR_MFA, DomainError, STEP_UP_MAX_AGE_SECONDS } from '@claimguard/contracts';

/** Which claim field a business rule refused, so a client can point at it. */
export type ClaimField = 'lossDate' | 'description' | 'reason';

/**
 * A claim that is well-formed but breaks a business rule (e.g. a loss date in the future). The
 * code is stable across processes; `details` names the field and never echoes its value.
 */
export class ClaimRuleViolation extends DomainError {
  constructor(
    readonly field: ClaimField,
    reason: string,
  ) {
    super('CLAIMS.CLAIM_RULE_VIOLATED', `The claim breaks a rule: ${field} ${reason}`, [
      { path: field, message: reason },
    ]);
    this.name = 'ClaimRuleViolation';
  }
}

/**
 * No claim the caller may see has this id. Also thrown when a claim exists but the policy denies
 * it, so the answer is no existence oracle (an attacker cannot tell "not yours" from "no such").
 */
export class ClaimNotFound extends DomainError {
  constructor() {
    super('CLAIMS.CLAIM_NOT_FOUND', 'No such claim');
    this.name = 'ClaimNotFound';
  }
}

/** The claim is not in the state this step needs (e.g. approving twice, settling before repair). */
export class IllegalClaimTransition extends DomainError {
  constructor(
    readonly from: string,
    what: string,
  ) {
    super('CLAIMS.ILLEGAL_TRANSITION', `A claim in status ${from} does not allow ${what}`);
    this.name = 'IllegalClaimTransition';
  }
}

/** An approval whose payout is above the estimate it approves. */
export class PayoutExceedsEstimate extends DomainError {
  constructor() {
    super('CLAIMS.PAYOUT_EXCEEDS_ESTIMATE', 'The payout is above the estimate total', [
      { path: 'payoutCents', message: 'is above the estimate total' },
    ]);
    this.name = 'PayoutExceedsEstimate';
  }
}

/**
 * The approval pays more than the step-up threshold and the caller's login is not a recent MFA
 * (RFC 9470). `details` carry what the client must ask identity for: `acr_values` and `max_age`.
 */
export class StepUpRequired extends DomainError {
  constructor(maxAgeSeconds: number = STEP_UP_MAX_AGE_SECONDS) {
    super(
      'AUTH.STEP_UP_REQUIRED',
      `Approving this payout needs a multi-factor sign-in within the last ${maxAgeSeconds} seconds`,
      [
        { path: 'acr_values', message: ACR_MFA },
        { path: 'max_age', message: String(maxAgeSeconds) },
      ],
    );
    this.name = 'StepUpRequired';
  }
}

/**
 * A photo URL the service will not fetch, or whose fetch it gave up (defense `ssrf`). `reason` is
 * one of a few fixed words, so the answer tells nothing about what sits behind an internal address.
 */
export class PhotoUrlRefused extends DomainError {
  constructor(readonly reason: PhotoUrlProblem) {
    super('CLAIMS.PHOTO_URL_REFUSED', `The photo URL is refused: ${reason}`, [
      { path: 'url', message: reason },
    ]);
    this.name = 'PhotoUrlRefused';
  }
}

/** The claim has as many photos as one claim may hold; nothing was fetched or stored. */
export class PhotoLimitReached extends DomainError {
  constructor(max: number) {
    super('CLAIMS.PHOTO_LIMIT_REACHED', `A claim holds at most ${max} photos`);
    this.name = 'PhotoLimitReached';
  }
}

/** Why a photo URL was refused. */
export type PhotoUrlProblem =
  | 'not https'
  | 'credentials in the URL'
  | 'an IP address instead of a host name'
  | 'host not on the allow-list'
  | 'host resolves to an internal address'
  | 'redirects are not followed'
  | 'larger than the size cap'
  | 'slower than the time limit'
  | 'not reachable';
