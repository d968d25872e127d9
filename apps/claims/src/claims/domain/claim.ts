import { CLAIM_EVENT_TYPES, type LossLocation, type Vehicle } from '@claimguard/contracts';
import { ClaimRuleViolation } from './claim.errors.js';
import type { ClaimFiled } from './claim.events.js';
import { INITIAL_CLAIM_STATUS, type ClaimStatus } from './claim-status.js';

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
}

/** What a member tells us when filing. */
export interface FileClaimInput {
  vehicle: Vehicle;
  lossDate: string;
  location: LossLocation;
  description: string;
  needsTow: boolean;
  needsRental: boolean;
}

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
  private constructor(private readonly state: ClaimSnapshot) {}

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
    return {
      ...this.state,
      vehicle: { ...this.state.vehicle },
      location: { ...this.state.location },
      filedAt: new Date(this.state.filedAt),
    };
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
