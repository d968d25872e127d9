import { CentsSchema, REPAIR_EVENT_TYPES, type EstimateLineItem } from '@claimguard/contracts';
import { EstimateRuleViolation, IllegalRepairTransition } from './repair-order.errors.js';
import type {
  EstimateSubmitted,
  RepairCompleted,
  RepairOrderOpened,
} from './repair-order.events.js';
import { hasPassed, isLegalMove, type RepairOrderStatus } from './repair-order-status.js';

/** Bounds of one estimate (the same as `EstimateSubmitted` v1 carries). */
export const MAX_LINE_ITEMS = 50;

/** Everything a repair order is. */
export interface RepairOrderSnapshot {
  readonly id: string;
  readonly claimId: string;
  /** The tow job that brought the car in. */
  readonly towJobId: string;
  /** The shop holding the car: the only party that works on the order. */
  readonly shopId: string;
  readonly status: RepairOrderStatus;
  /** The submitted estimate; empty while OPEN. */
  readonly lineItems: readonly EstimateLineItem[];
  /** Sum of `lineItems`, always computed here, never taken from a client. */
  readonly totalCents: number;
  /** The approved payout, once the adjuster approved; else null. */
  readonly payoutCents: number | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What repair needs to know of a delivered car (`VehicleDelivered` v1 fits it as is). */
export interface Delivery {
  readonly claimId: string;
  readonly jobId: string;
  readonly shopId: string;
}

/** Facts the caller supplies so the aggregate stays deterministic: which id, when. */
export interface OpeningFacts {
  id: string;
  now: Date;
}

/**
 * What a claim decision (an event from claims) did to the order: `moved` when it made the legal
 * move, `already-passed` when the order had been there already (a replay that changes nothing).
 * A decision no legal move explains throws {@link IllegalRepairTransition}.
 */
export type DecisionOutcome = 'moved' | 'already-passed';

/**
 * The repair order aggregate. Pure TypeScript: no framework, database or broker in here, so its
 * rules are tested without any of them. Every state change goes through a named operation that
 * checks the move against the saga's state machine and returns the event it raises, if any.
 */
export class RepairOrder {
  private constructor(private state: RepairOrderSnapshot) {}

  /** Opens the order of a car delivered to a shop, OPEN, and raises `RepairOrderOpened`. */
  static openForDelivery(
    delivery: Delivery,
    facts: OpeningFacts,
  ): { order: RepairOrder; event: RepairOrderOpened } {
    const order = new RepairOrder({
      id: facts.id,
      claimId: delivery.claimId,
      towJobId: delivery.jobId,
      shopId: delivery.shopId,
      status: 'OPEN',
      lineItems: [],
      totalCents: 0,
      payoutCents: null,
      createdAt: facts.now,
      updatedAt: facts.now,
    });
    const event: RepairOrderOpened = {
      type: REPAIR_EVENT_TYPES.RepairOrderOpened,
      version: 1,
      orderId: facts.id,
      data: { orderId: facts.id, claimId: delivery.claimId, shopId: delivery.shopId },
    };
    return { order, event };
  }

  /** Rebuilds a stored order. */
  static restore(snapshot: RepairOrderSnapshot): RepairOrder {
    return new RepairOrder(copy(snapshot));
  }

  get id(): string {
    return this.state.id;
  }

  get status(): RepairOrderStatus {
    return this.state.status;
  }

  /**
   * The shop prices the repair: OPEN → ESTIMATE_SUBMITTED. The total is the sum of the lines,
   * computed here. Raises `EstimateSubmitted` with the lines and the total.
   * @throws IllegalRepairTransition when the order is not OPEN (an estimate is submitted once)
   * @throws EstimateRuleViolation for no lines, more than 50, a blank description, or a total money
   * cannot carry
   */
  submitEstimate(lineItems: readonly EstimateLineItem[], now: Date): EstimateSubmitted {
    this.assertMove('ESTIMATE_SUBMITTED');
    if (lineItems.length < 1 || lineItems.length > MAX_LINE_ITEMS) {
      throw new EstimateRuleViolation('lineItems', `1 to ${MAX_LINE_ITEMS} line items`);
    }
    const lines = lineItems.map(({ description, amountCents }, i) => {
      const trimmed = description.trim();
      if (!trimmed) throw new EstimateRuleViolation(`lineItems.${i}.description`, 'is blank');
      return { description: trimmed, amountCents };
    });
    const totalCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
    if (!CentsSchema.safeParse(totalCents).success) {
      throw new EstimateRuleViolation('lineItems', 'the total is above the largest allowed amount');
    }
    this.state = {
      ...this.state,
      status: 'ESTIMATE_SUBMITTED',
      lineItems: lines,
      totalCents,
      updatedAt: now,
    };
    const s = this.state;
    return {
      type: REPAIR_EVENT_TYPES.EstimateSubmitted,
      version: 1,
      orderId: s.id,
      data: {
        orderId: s.id,
        claimId: s.claimId,
        shopId: s.shopId,
        lineItems: lines.map((line) => ({ ...line })),
        totalCents,
      },
    };
  }

  /**
   * The adjuster approved the estimate (`ClaimApproved`): ESTIMATE_SUBMITTED → APPROVED, keeping the
   * payout. Raises nothing (claims already told everyone).
   * @throws IllegalRepairTransition when no legal move explains it (e.g. the order was DENIED)
   */
  approve(payoutCents: number, now: Date): DecisionOutcome {
    if (hasPassed(this.state.status, 'APPROVED')) return 'already-passed';
    this.assertMove('APPROVED');
    this.state = { ...this.state, status: 'APPROVED', payoutCents, updatedAt: now };
    return 'moved';
  }

  /**
   * The adjuster denied the claim (`ClaimDenied`): ESTIMATE_SUBMITTED → DENIED. Raises nothing.
   * @throws IllegalRepairTransition when no legal move explains it (e.g. the order was APPROVED)
   */
  deny(now: Date): DecisionOutcome {
    if (hasPassed(this.state.status, 'DENIED')) return 'already-passed';
    this.assertMove('DENIED');
    this.state = { ...this.state, status: 'DENIED', updatedAt: now };
    return 'moved';
  }

  /**
   * The shop finished the approved repair: APPROVED → COMPLETED. Raises `RepairCompleted`.
   * @throws IllegalRepairTransition unless the order is APPROVED
   */
  complete(now: Date): RepairCompleted {
    this.assertMove('COMPLETED');
    this.state = { ...this.state, status: 'COMPLETED', updatedAt: now };
    const s = this.state;
    return {
      type: REPAIR_EVENT_TYPES.RepairCompleted,
      version: 1,
      orderId: s.id,
      data: { orderId: s.id, claimId: s.claimId, shopId: s.shopId },
    };
  }

  /** A copy of the state, for persistence and responses. */
  snapshot(): RepairOrderSnapshot {
    return copy(this.state);
  }

  private assertMove(to: RepairOrderStatus): void {
    if (!isLegalMove(this.state.status, to))
      throw new IllegalRepairTransition(this.state.status, to);
  }
}

function copy(s: RepairOrderSnapshot): RepairOrderSnapshot {
  return {
    ...s,
    lineItems: s.lineItems.map((line) => ({ ...line })),
    createdAt: new Date(s.createdAt),
    updatedAt: new Date(s.updatedAt),
  };
}
