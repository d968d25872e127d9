import { DomainError } from '@claimguard/contracts';
import type { RepairOrderStatus } from './repair-order-status.js';

/**
 * No repair order the caller may see has this id. Also thrown when an order exists but the policy
 * denies it, so the answer is no existence oracle (an attacker cannot tell "not yours" from "no such").
 */
export class RepairOrderNotFound extends DomainError {
  constructor() {
    super('REPAIR.ORDER_NOT_FOUND', 'No such repair order');
    this.name = 'RepairOrderNotFound';
  }
}

/** The order is not in a state that allows this step (e.g. completing before approval). */
export class IllegalRepairTransition extends DomainError {
  constructor(
    readonly from: RepairOrderStatus,
    readonly to: RepairOrderStatus,
  ) {
    super('REPAIR.ILLEGAL_TRANSITION', `A repair order cannot move from ${from} to ${to}`);
    this.name = 'IllegalRepairTransition';
  }
}

/**
 * A well-formed estimate that breaks a rule no schema can see (a blank description, a total above
 * the largest amount money may carry). `details` names the field and never echoes its value.
 */
export class EstimateRuleViolation extends DomainError {
  constructor(path: string, reason: string) {
    super('REQUEST.VALIDATION_FAILED', 'The estimate is not valid', [{ path, message: reason }]);
    this.name = 'EstimateRuleViolation';
  }
}
