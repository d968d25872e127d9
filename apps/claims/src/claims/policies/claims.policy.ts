import {
  decideFor,
  PolicyEngine,
  type AuthenticatedParty,
  type PolicyDecision,
  type PolicyEntity,
} from '@claimguard/auth';
import type { DefenseSwitches } from '@claimguard/config';
import { isMfa, STEP_UP_MAX_AGE_SECONDS } from '@claimguard/contracts';

/** `authAgeSeconds` of a token without `auth_time`: older than any max_age. */
const NO_AUTH_TIME = 2_147_483_647;

/**
 * The policy file stays in `src/` and is resolved from the package root: this module sits three
 * folders below it both as `src/claims/policies/*.ts` (vitest) and as `dist/claims/policies/*.js`
 * (node), so both find the same file and no build step has to copy it.
 */
export const CLAIMS_POLICY_FILE = new URL(
  '../../../src/claims/policies/claims.cedar',
  import.meta.url,
);

/** The minimum the policy needs to know about a claim. */
export interface ClaimFacts {
  id: string;
  memberId: string;
  adjusterId: string | null;
  shopId: string | null;
}

/**
 * Typed front of `claims.cedar`: one method per action, so callers cannot misspell an action or
 * forget an attribute. Every answer explains itself (`reasons` are the deciding policies' `@id`s).
 * Provided to Nest by a factory (see claims.module.ts) because it is built from the config.
 */
export class ClaimsPolicy {
  constructor(
    private readonly engine: PolicyEngine,
    /** `max_age` of the step-up rule (seconds); the rule itself lives in claims.cedar. */
    readonly stepUpMaxAgeSeconds: number = STEP_UP_MAX_AGE_SECONDS,
  ) {}

  /** Loads `claims.cedar`; throws at boot on a syntax error or a policy without `@id`. */
  static load(
    defenses: DefenseSwitches,
    file: URL | string = CLAIMS_POLICY_FILE,
    stepUpMaxAgeSeconds: number = STEP_UP_MAX_AGE_SECONDS,
  ): ClaimsPolicy {
    return new ClaimsPolicy(
      PolicyEngine.fromFile(file, 'ClaimGuard', defenses),
      stepUpMaxAgeSeconds,
    );
  }

  /** May the caller file a claim (for themselves)? */
  canFile(caller: AuthenticatedParty): PolicyDecision {
    return this.decide(caller, 'FileClaim', {
      type: 'Claim',
      id: 'new',
      attrs: { ...claimAttrs({ memberId: caller.party.id, adjusterId: null, shopId: null }) },
    });
  }

  /** May the caller list its own claims (a member's, or an adjuster's queue)? */
  canList(caller: AuthenticatedParty): PolicyDecision {
    return this.decide(caller, 'ListClaims', {
      type: 'ClaimList',
      id: `${caller.party.kind}:${caller.party.id}`,
      attrs: { ownerKind: caller.party.kind, ownerId: caller.party.id },
    });
  }

  /** May the caller read this claim and its timeline? */
  canRead(caller: AuthenticatedParty, claim: ClaimFacts): PolicyDecision {
    return this.decide(caller, 'ReadClaim', claimEntity(claim));
  }

  /** May the caller attach a photo to this claim? */
  canAttachPhoto(caller: AuthenticatedParty, claim: ClaimFacts): PolicyDecision {
    return this.decide(caller, 'AttachPhoto', claimEntity(claim));
  }

  /** May the caller approve or deny this claim? */
  canDecide(caller: AuthenticatedParty, claim: ClaimFacts): PolicyDecision {
    return this.decide(caller, 'DecideClaim', claimEntity(claim));
  }

  /**
   * May the caller approve this payout on the strength of its login (the $5,000 step-up rule)?
   * `nowSeconds` is injectable for tests.
   */
  canApprovePayout(
    caller: AuthenticatedParty,
    claim: ClaimFacts,
    payoutCents: number,
    nowSeconds: number = Math.floor(Date.now() / 1000),
  ): PolicyDecision {
    const authAgeSeconds =
      caller.authTime === undefined ? NO_AUTH_TIME : Math.max(-1, nowSeconds - caller.authTime);
    return decideFor(this.engine, caller, 'ApprovePayout', claimEntity(claim), {
      payoutCents,
      mfa: isMfa(caller),
      authAgeSeconds,
      maxAgeSeconds: this.stepUpMaxAgeSeconds,
    });
  }

  /** May the caller settle this claim? */
  canSettle(caller: AuthenticatedParty, claim: ClaimFacts): PolicyDecision {
    return this.decide(caller, 'SettleClaim', claimEntity(claim));
  }

  /** May the caller grant or revoke consents on this claim? */
  canManageConsent(caller: AuthenticatedParty, claim: ClaimFacts): PolicyDecision {
    return this.decide(caller, 'ManageConsent', claimEntity(claim));
  }

  /** May the caller read the member's contact details, given the shops holding a consent? */
  canReadContact(
    caller: AuthenticatedParty,
    claim: ClaimFacts,
    consentedShops: readonly string[],
  ): PolicyDecision {
    return this.decide(caller, 'ReadContact', claimEntity(claim, consentedShops));
  }

  /**
   * May the caller read the claim's rental coverage? Only on an east-west call: `actor` is the
   * workload acting for the party (`act.sub` of the exchanged token), "" for a direct caller.
   */
  canReadCoverage(caller: AuthenticatedParty, claim: ClaimFacts): PolicyDecision {
    return this.decide(caller, 'ReadCoverage', claimEntity(claim), { actor: caller.actor ?? '' });
  }

  private decide(
    caller: AuthenticatedParty,
    action: string,
    resource: PolicyEntity,
    context: Record<string, string> = {},
  ): PolicyDecision {
    return decideFor(this.engine, caller, action, resource, context);
  }
}

function claimAttrs(claim: Omit<ClaimFacts, 'id'>, consentedShops: readonly string[] = []) {
  // Cedar has no null: an unassigned adjuster or shop is "", which no party id equals.
  return {
    memberId: claim.memberId,
    adjusterId: claim.adjusterId ?? '',
    shopId: claim.shopId ?? '',
    consentedShops: [...consentedShops],
  };
}

function claimEntity(claim: ClaimFacts, consentedShops: readonly string[] = []): PolicyEntity {
  return { type: 'Claim', id: claim.id, attrs: claimAttrs(claim, consentedShops) };
}
