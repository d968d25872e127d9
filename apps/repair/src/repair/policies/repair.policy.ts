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
 * folders below it both as `src/repair/policies/*.ts` (vitest) and as `dist/repair/policies/*.js`
 * (node), so both find the same file and no build step has to copy it.
 */
export const REPAIR_POLICY_FILE = new URL(
  '../../../src/repair/policies/repair.cedar',
  import.meta.url,
);

/** The minimum the policy needs to know about a repair order. */
export interface RepairOrderHolder {
  id: string;
  shopId: string;
}

/** The actions on one order, as `repair.cedar` names them. */
export type RepairOrderAction = 'ReadRepairOrder' | 'SubmitEstimate' | 'CompleteRepair';

/**
 * Typed front of `repair.cedar`: one method per action, so callers cannot misspell an action or
 * forget an attribute. Every answer explains itself (`reasons` are the deciding policies' `@id`s).
 * Provided to Nest by a factory (see repair.module.ts) because it is built from the config.
 */
export class RepairPolicy {
  constructor(private readonly engine: PolicyEngine) {}

  /** Loads `repair.cedar`; throws at boot on a syntax error or a policy without `@id`. */
  static load(defenses: DefenseSwitches, file: URL | string = REPAIR_POLICY_FILE): RepairPolicy {
    return new RepairPolicy(PolicyEngine.fromFile(file, 'ClaimGuard', defenses));
  }

  /** May the caller list the repair orders of `shopId`? */
  canList(caller: AuthenticatedParty, shopId: string): PolicyDecision {
    return this.decide(caller, 'ListRepairOrders', {
      type: 'RepairOrderList',
      id: shopId,
      attrs: { shopId },
    });
  }

  /** May the caller read this order? */
  canRead(caller: AuthenticatedParty, order: RepairOrderHolder): PolicyDecision {
    return this.onOrder(caller, 'ReadRepairOrder', order);
  }

  /** May the caller submit this order's estimate? */
  canSubmitEstimate(caller: AuthenticatedParty, order: RepairOrderHolder): PolicyDecision {
    return this.onOrder(caller, 'SubmitEstimate', order);
  }

  /** May the caller complete this order's repair? */
  canComplete(caller: AuthenticatedParty, order: RepairOrderHolder): PolicyDecision {
    return this.onOrder(caller, 'CompleteRepair', order);
  }

  /** The decision for `action` on one order (the three methods above, by name). */
  onOrder(
    caller: AuthenticatedParty,
    action: RepairOrderAction,
    order: RepairOrderHolder,
  ): PolicyDecision {
    return this.decide(caller, action, {
      type: 'RepairOrder',
      id: order.id,
      attrs: { shopId: order.shopId },
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
