import { TOWING_EVENT_TYPES } from '@claimguard/contracts';
import { dispatchCompany } from './dispatch.js';
import type { TowCompany } from './tow-company.js';
import type { TowJobCreated } from './tow-job.events.js';
import type { TowJobStatus } from './tow-job-status.js';

/** Where the car is picked up: the claim's loss location. */
export interface Pickup {
  readonly street?: string;
  readonly city: string;
  /** Two-letter state code; it decides the company. */
  readonly state: string;
  readonly postalCode: string;
}

/** What the driver needs to recognise the car. No VIN: towing does not need it, so it does not keep it. */
export interface TowVehicle {
  readonly make: string;
  readonly model: string;
  readonly year: number;
}

/** Everything a tow job is. */
export interface TowJobSnapshot {
  readonly id: string;
  readonly claimId: string;
  /** The assigned company's id, or null while nobody serves the pickup state. */
  readonly companyId: string | null;
  readonly status: TowJobStatus;
  readonly pickup: Pickup;
  readonly vehicle: TowVehicle;
  readonly createdAt: Date;
}

/**
 * What towing needs to know of a filed claim. `ClaimFiled` v1 data fits it as is; fields towing
 * does not need (member id, VIN, rental wish) are dropped when the job is opened.
 */
export interface TowRequest {
  readonly claimId: string;
  readonly needsTow: boolean;
  readonly location: Pickup;
  readonly vehicle: TowVehicle;
}

/** Facts the caller supplies so the aggregate stays deterministic: which id, when. */
export interface OpeningFacts {
  id: string;
  now: Date;
}

/**
 * The tow job aggregate. Pure TypeScript: no framework, database or broker in here, so its rules
 * are tested without any of them. State changes go through named operations that return the events
 * they raise.
 */
export class TowJob {
  private constructor(private readonly state: TowJobSnapshot) {}

  /**
   * Opens the tow job of a filed claim, assigned by the dispatch rule (or UNASSIGNED when no
   * company serves the state), and raises `TowJobCreated`. A claim that needs no tow opens nothing:
   * the answer is `undefined`.
   */
  static openForClaim(
    request: TowRequest,
    companies: readonly TowCompany[],
    facts: OpeningFacts,
  ): { job: TowJob; event: TowJobCreated } | undefined {
    if (!request.needsTow) return undefined;
    const company = dispatchCompany(request.location.state, companies);
    const { street, city, state, postalCode } = request.location;
    const { make, model, year } = request.vehicle;
    const job = new TowJob({
      id: facts.id,
      claimId: request.claimId,
      companyId: company?.id ?? null,
      status: company ? 'ASSIGNED' : 'UNASSIGNED',
      // Copied field by field: whatever else the claim carried stays out of towing's records.
      pickup: { ...(street !== undefined ? { street } : {}), city, state, postalCode },
      vehicle: { make, model, year },
      createdAt: facts.now,
    });
    return { job, event: job.createdEvent() };
  }

  /** Rebuilds a stored job. */
  static restore(snapshot: TowJobSnapshot): TowJob {
    return new TowJob(snapshot);
  }

  get id(): string {
    return this.state.id;
  }

  get claimId(): string {
    return this.state.claimId;
  }

  get companyId(): string | null {
    return this.state.companyId;
  }

  get status(): TowJobStatus {
    return this.state.status;
  }

  /** A copy of the state, for persistence and responses. */
  snapshot(): TowJobSnapshot {
    return {
      ...this.state,
      pickup: { ...this.state.pickup },
      vehicle: { ...this.state.vehicle },
      createdAt: new Date(this.state.createdAt),
    };
  }

  private createdEvent(): TowJobCreated {
    const s = this.state;
    return {
      type: TOWING_EVENT_TYPES.TowJobCreated,
      version: 1,
      jobId: s.id,
      data: { jobId: s.id, claimId: s.claimId, companyId: s.companyId },
    };
  }
}
