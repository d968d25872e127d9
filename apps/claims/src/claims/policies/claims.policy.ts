import {
  decideFor,
  PolicyEngine,
  type AuthenticatedParty,
  type PolicyDecision,
  type PolicyEntity,
} from '@claimguard/auth';
import type { DefenseSwitches } from '@claimguard/config';

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
export interface ClaimOwnership {
  id: string;
  memberId: string;
}

/**
 * Typed front of `claims.cedar`: one method per action, so callers cannot misspell an action or
 * forget an attribute. Every answer explains itself (`reasons` are the deciding policies' `@id`s).
 * Provided to Nest by a factory (see claims.module.ts) because it is built from the config.
 */
export class ClaimsPolicy {
  constructor(private readonly engine: PolicyEngine) {}

  /** Loads `claims.cedar`; throws at boot on a syntax error or a policy without `@id`. */
  static load(defenses: DefenseSwitches, file: URL | string = CLAIMS_POLICY_FILE): ClaimsPolicy {
    return new ClaimsPolicy(PolicyEngine.fromFile(file, 'ClaimGuard', defenses));
  }

  /** May the caller file a claim (for themselves)? */
  canFile(caller: AuthenticatedParty): PolicyDecision {
    return this.decide(caller, 'FileClaim', {
      type: 'Claim',
      id: 'new',
      attrs: { memberId: caller.party.id },
    });
  }

  /** May the caller list the claims of `memberId`? */
  canList(caller: AuthenticatedParty, memberId: string): PolicyDecision {
    return this.decide(caller, 'ListClaims', {
      type: 'ClaimList',
      id: memberId,
      attrs: { memberId },
    });
  }

  /** May the caller read this claim? */
  canRead(caller: AuthenticatedParty, claim: ClaimOwnership): PolicyDecision {
    return this.decide(caller, 'ReadClaim', {
      type: 'Claim',
      id: claim.id,
      attrs: { memberId: claim.memberId },
    });
  }

  private decide(
    caller: AuthenticatedParty,
    action: string,
    resource: PolicyEntity,
  ): PolicyDecision {
    return decideFor(this.engine, caller, action, resource);
  }
}
