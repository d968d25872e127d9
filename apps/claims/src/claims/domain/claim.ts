import {
  CLAIM_EVENT_TYPES,
  type EstimateLineItem,
  type LossLocation,
  type Vehicle,
} from '@claimguard/contracts';
import {
  ClaimRuleViolation,
  IllegalClaimTransition,
  PayoutExceedsEstimate,
} from './claim.errors.js';
import type {
  ClaimApproved,
  ClaimAssigned,
  ClaimDenied,
  ClaimFiled,
  ClaimSettled,
} from './claim.events.js';
import { INITIAL_CLAIM_STATUS, statusRank, type ClaimStatus } from './claim-status.js';

/**
 * Most rental days a member may ask for on one claim: a total loss can need a car until the claim
 * settles, so claims' benefit runs up to a year. A rental agency's reservation holds far fewer
 * days: rental bounds claims' answer by its own rule (defense `upstream-validation`).
 */
export const RENTAL_DAYS_MAX = 365;

/** Longest description a claim keeps (the body schema enforces the same bound). */
export const DESCRIPTION_MAX_LENGTH = 2000;

/** Everything a claim is. `lossDate` is a calendar date `YYYY-MM-DD` (no time zone). */
export interface ClaimSnapshot {
  readonly id: string;
  readonly memberId: string;
  readonly status: ClaimStatus;
  readonly vehicle: Vehicle;
  readonly lossDate: string;
  readonly location: LossLocation;
  readonly description: string;
  readonly needsTow: boolean;
  readonly needsRental: boolean;
  readonly filedAt: Date;
  /** The member's phone for the shop, shown only while the member consents (null: not given). */
  readonly contactPhone: string | null;
  /** Rental days the member asked for (null: the standard benefit). See `RENTAL_DAYS_MAX`. */
  readonly rentalDays: number | null;
  /** The collision shop holding the car, once towing delivered it. */
  readonly shopId: string | null;
  /** The adjuster deciding the claim, once an estimate arrived. */
  readonly adjusterId: string | null;
  readonly estimate: Estimate | null;
  /** Set when approved. */
  readonly payoutCents: number | null;
  /** Set when denied. */
  readonly denialReason: string | null;
  readonly updatedAt: Date;
}

/** The shop's priced repair, as repair reported it. */
export interface Estimate {
  readonly orderId: string;
  readonly lineItems: readonly EstimateLineItem[];
  readonly totalCents: number;
}

/** What a member tells us when filing. */
export interface FileClaimInput {
  vehicle: Vehicle;
  lossDate: string;
  location: LossLocation;
  description: string;
  needsTow: boolean;
  needsRental: boolean;
  contactPhone?: string;
  rentalDays?: number;
}

/** An adjuster's decision on a submitted estimate. */
export type Decision =
  { outcome: 'APPROVE'; payoutCents: number } | { outcome: 'DENY'; reason: string };

/**
 * What a saga step did: `moved` (the claim changed; `events` may be empty), or `already` (the claim
 * had passed that step: a replayed or overtaken event, nothing to do).
 */
export type StepResult<E> = { outcome: 'moved'; events: E[] } | { outcome: 'already' };

/** Facts the caller supplies so the aggregate stays deterministic: who, which id, when. */
export interface FilingFacts {
  id: string;
  memberId: string;
  now: Date;
}

/**
 * The claim aggregate. Pure TypeScript: no framework, database or broker in here, so its rules are
 * tested without any of them. State changes go through named operations that return the events
 * they raise.
 */
export class Claim {
  private constructor(private state: ClaimSnapshot) {}

  /**
   * Files a new claim: checks the rules, starts it `FILED` and raises `ClaimFiled`.
   * @throws ClaimRuleViolation when the loss date or the description breaks a rule.
   */
  static file(input: FileClaimInput, facts: FilingFacts): { claim: Claim; event: ClaimFiled } {
    const lossDate = checkLossDate(input.lossDate, facts.now);
    const description = checkDescription(input.description);
    const claim = new Claim({
      id: facts.id,
      memberId: facts.memberId,
      status: INITIAL_CLAIM_STATUS,
      vehicle: { ...input.vehicle },
      lossDate,
      location: { ...input.location },
      description,
      needsTow: input.needsTow,
      needsRental: input.needsRental,
      filedAt: facts.now,
      contactPhone: input.contactPhone ?? null,
      rentalDays: input.rentalDays ?? null,
      shopId: null,
      adjusterId: null,
      estimate: null,
      payoutCents: null,
      denialReason: null,
      updatedAt: facts.now,
    });
    return { claim, event: claim.filedEvent() };
  }

  /** Rebuilds a stored claim; stored claims passed the rules when they were filed. */
  static restore(snapshot: ClaimSnapshot): Claim {
    return new Claim(snapshot);
  }

  get id(): string {
    return this.state.id;
  }

  get memberId(): string {
    return this.state.memberId;
  }

  get status(): ClaimStatus {
    return this.state.status;
  }

  /** A copy of the state, for persistence and read models. */
  snapshot(): ClaimSnapshot {
    const { estimate } = this.state;
    return {
      ...this.state,
      vehicle: { ...this.state.vehicle },
      location: { ...this.state.location },
      filedAt: new Date(this.state.filedAt),
      updatedAt: new Date(this.state.updatedAt),
      estimate: estimate
        ? { ...estimate, lineItems: estimate.lineItems.map((item) => ({ ...item })) }
        : null,
    };
  }

  /** Towing sent a truck: `FILED` → `TOW_DISPATCHED`. */
  recordTowDispatched(now: Date): StepResult<never> {
    return this.step(['FILED'], 'TOW_DISPATCHED', now, () => []);
  }

  /**
   * The car reached collision shop `shopId`: → `VEHICLE_AT_SHOP`. A delivery proves the dispatch,
   * so a claim still `FILED` catches up.
   */
  recordVehicleAtShop(shopId: string, now: Date): StepResult<never> {
    return this.step(['FILED', 'TOW_DISPATCHED'], 'VEHICLE_AT_SHOP', now, () => {
      this.state = { ...this.state, shopId };
      return [];
    });
  }

  /**
   * The shop priced the repair: → `ESTIMATE_SUBMITTED`, assigned to `adjusterId` (raises
   * `ClaimAssigned`). Repair opens orders only for delivered cars, so an estimate proves the
   * delivery: a claim whose `VehicleDelivered` has not arrived yet (it travels on towing's topic,
   * and order across topics is not guaranteed) catches up with the estimate's shop. An estimate
   * from a shop other than the one holding the car is refused.
   */
  recordEstimate(
    estimate: Estimate & { shopId: string },
    adjusterId: string,
    now: Date,
  ): StepResult<ClaimAssigned> {
    const from: ClaimStatus[] = ['FILED', 'TOW_DISPATCHED', 'VEHICLE_AT_SHOP'];
    return this.step(from, 'ESTIMATE_SUBMITTED', now, () => {
      if (this.state.shopId !== null && estimate.shopId !== this.state.shopId) {
        throw new IllegalClaimTransition(this.state.status, 'an estimate from another shop');
      }
      const { orderId, lineItems, totalCents } = estimate;
      this.state = {
        ...this.state,
        shopId: estimate.shopId,
        adjusterId,
        estimate: { orderId, lineItems: lineItems.map((i) => ({ ...i })), totalCents },
      };
      return [
        {
          type: CLAIM_EVENT_TYPES.ClaimAssigned,
          version: 1,
          claimId: this.state.id,
          data: { claimId: this.state.id, adjusterId, orderId },
        },
      ];
    });
  }

  /**
   * The assigned adjuster decides: `ESTIMATE_SUBMITTED` → `APPROVED` (raises `ClaimApproved`,
   * payout at most the estimate's total) or `DENIED` (raises `ClaimDenied`). Who may decide is the
   * policy's call, not the aggregate's.
   * @throws IllegalClaimTransition when the claim is not waiting for a decision.
   * @throws PayoutExceedsEstimate when the payout is above the estimate.
   */
  decide(decision: Decision, now: Date): ClaimApproved | ClaimDenied {
    const estimate = this.state.estimate;
    const adjusterId = this.state.adjusterId;
    if (this.state.status !== 'ESTIMATE_SUBMITTED' || !estimate || !adjusterId) {
      throw new IllegalClaimTransition(this.state.status, 'a decision');
    }
    const base = { claimId: this.state.id, orderId: estimate.orderId, adjusterId };
    if (decision.outcome === 'APPROVE') {
      if (decision.payoutCents > estimate.totalCents) throw new PayoutExceedsEstimate();
      this.state = {
        ...this.state,
        status: 'APPROVED',
        payoutCents: decision.payoutCents,
        updatedAt: now,
      };
      return {
        type: CLAIM_EVENT_TYPES.ClaimApproved,
        version: 1,
        claimId: this.state.id,
        data: { ...base, payoutCents: decision.payoutCents },
      };
    }
    const reason = decision.reason.trim();
    if (reason.length === 0) throw new ClaimRuleViolation('reason', 'is empty');
    this.state = { ...this.state, status: 'DENIED', denialReason: reason, updatedAt: now };
    return {
      type: CLAIM_EVENT_TYPES.ClaimDenied,
      version: 1,
      claimId: this.state.id,
      data: { ...base, reason },
    };
  }

  /** The shop finished the approved repair: `APPROVED` → `REPAIR_COMPLETED`. */
  recordRepairCompleted(orderId: string, now: Date): StepResult<never> {
    return this.step(['APPROVED'], 'REPAIR_COMPLETED', now, () => {
      if (orderId !== this.state.estimate?.orderId) {
        throw new IllegalClaimTransition(this.state.status, 'a completion of another order');
      }
      return [];
    });
  }

  /** The payout is issued: `REPAIR_COMPLETED` → `SETTLED` (raises `ClaimSettled`). */
  settle(now: Date): ClaimSettled {
    const { payoutCents } = this.state;
    if (this.state.status !== 'REPAIR_COMPLETED' || payoutCents === null) {
      throw new IllegalClaimTransition(this.state.status, 'settlement');
    }
    this.state = { ...this.state, status: 'SETTLED', updatedAt: now };
    return {
      type: CLAIM_EVENT_TYPES.ClaimSettled,
      version: 1,
      claimId: this.state.id,
      data: { claimId: this.state.id, payoutCents },
    };
  }

  /**
   * One saga step driven by another service's event: from any of `from` to `to`. A claim already
   * at or past `to` is a replay (`already`); any other state is an illegal move.
   */
  private step<E>(
    from: readonly ClaimStatus[],
    to: ClaimStatus,
    now: Date,
    apply: () => E[],
  ): StepResult<E> {
    const current = this.state.status;
    if (!from.includes(current)) {
      if (statusRank(current) >= statusRank(to)) return { outcome: 'already' };
      throw new IllegalClaimTransition(current, `a move to ${to}`);
    }
    const events = apply();
    this.state = { ...this.state, status: to, updatedAt: now };
    return { outcome: 'moved', events };
  }

  private filedEvent(): ClaimFiled {
    const s = this.state;
    return {
      type: CLAIM_EVENT_TYPES.ClaimFiled,
      version: 1,
      claimId: s.id,
      data: {
        claimId: s.id,
        memberId: s.memberId,
        vehicle: { ...s.vehicle },
        lossDate: s.lossDate,
        location: { ...s.location },
        needsTow: s.needsTow,
        needsRental: s.needsRental,
      },
    };
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A loss happened on a real calendar day, not after today and not more than a year ago. Days are
 * compared in UTC: every US time zone is behind UTC, so a member's "today" is never refused as
 * future.
 */
function checkLossDate(value: string, now: Date): string {
  const match = ISO_DATE.exec(value);
  const day = match
    ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
    : undefined;
  if (!day || day.toISOString().slice(0, 10) !== value) {
    throw new ClaimRuleViolation('lossDate', 'is not a calendar date (YYYY-MM-DD)');
  }
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (day > today) throw new ClaimRuleViolation('lossDate', 'is in the future');
  const oldest = new Date(today);
  oldest.setUTCFullYear(oldest.getUTCFullYear() - 1);
  if (day < oldest) throw new ClaimRuleViolation('lossDate', 'is more than one year ago');
  return value;
}

/** A US phone number as members type it: digits with optional +1, spaces, dashes, dots, parentheses. */
export const CONTACT_PHONE = /^\+?1?[\s.-]?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}$/;

function checkDescription(value: string): string {
  const description = value.trim();
  if (description.length === 0) throw new ClaimRuleViolation('description', 'is empty');
  if (description.length > DESCRIPTION_MAX_LENGTH) {
    throw new ClaimRuleViolation(
      'description',
      `is longer than ${DESCRIPTION_MAX_LENGTH} characters`,
    );
  }
  return description;
}
