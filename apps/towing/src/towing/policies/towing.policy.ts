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
 * folders below it both as `src/towing/policies/*.ts` (vitest) and as `dist/towing/policies/*.js`
 * (node), so both find the same file and no build step has to copy it.
 */
export const TOWING_POLICY_FILE = new URL(
  '../../../src/towing/policies/towing.cedar',
  import.meta.url,
);

/** The minimum the policy needs to know about a tow job. */
export interface TowJobAssignment {
  id: string;
  companyId: string | null;
}

/**
 * Typed front of `towing.cedar`: one method per question, so callers cannot misspell an action or
 * forget an attribute. Every answer explains itself (`reasons` are the deciding policies' `@id`s).
 * Provided to Nest by a factory (see towing.module.ts) because it is built from the config.
 */
export class TowingPolicy {
  constructor(private readonly engine: PolicyEngine) {}

  /** Loads `towing.cedar`; throws at boot on a syntax error or a policy without `@id`. */
  static load(defenses: DefenseSwitches, file: URL | string = TOWING_POLICY_FILE): TowingPolicy {
    return new TowingPolicy(PolicyEngine.fromFile(file, 'ClaimGuard', defenses));
  }

  /** May the caller list the tow jobs of `companyId`? */
  canList(caller: AuthenticatedParty, companyId: string): PolicyDecision {
    return this.decide(caller, 'ListTowJobs', {
      type: 'TowJobList',
      id: companyId,
      attrs: { companyId },
    });
  }

  /** May the caller read this tow job? */
  canRead(caller: AuthenticatedParty, job: TowJobAssignment): PolicyDecision {
    return this.decide(caller, 'ReadTowJob', {
      type: 'TowJob',
      id: job.id,
      // Cedar has no null: an unassigned job has the empty company id, which no party id equals.
      attrs: { companyId: job.companyId ?? '' },
    });
  }

  /**
   * May the caller move (dispatch, pick up, deliver) tow jobs at all? The function-level question,
   * asked before any job is looked up: only a tow operator, for its own company.
   */
  canUpdateAny(caller: AuthenticatedParty): PolicyDecision {
    const companyId = caller.party.id;
    return this.decide(caller, 'UpdateTowJob', {
      type: 'TowJobList',
      id: companyId,
      attrs: { companyId },
    });
  }

  /** May the caller move this tow job (dispatch, pick up, deliver)? */
  canUpdate(caller: AuthenticatedParty, job: TowJobAssignment): PolicyDecision {
    return this.decide(caller, 'UpdateTowJob', {
      type: 'TowJob',
      id: job.id,
      attrs: { companyId: job.companyId ?? '' },
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
