import { TOWING_EVENT_TYPES } from '@claimguard/contracts';
import { dispatchCompany } from './dispatch.js';
import type { TowCompany } from './tow-company.js';
import type { RepairShop } from './repair-shop.js';
import { IllegalTowJobTransition } from './tow-job.errors.js';
import type {
  TowJobCreated,
  TowJobDispatched,
  VehicleDelivered,
  VehiclePickedUp,
} from './tow-job.events.js';
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
  /** The partner shop the car was delivered to: set exactly when the job is DELIVERED. */
  readonly shopId: string | null;
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
 * they raise: `UNASSIGNED`; `ASSIGNED` → `dispatch()` → `DISPATCHED` → `pickUp()` → `PICKED_UP` →
 * `deliverTo(shop)` → `DELIVERED`. Any other move throws `TOWING.ILLEGAL_TRANSITION` and changes
 * nothing.
 */
export class TowJob {
  private constructor(private state: TowJobSnapshot) {}

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
      shopId: null,
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

  get shopId(): string | null {
    return this.state.shopId;
  }

  /** The company sent a truck: `ASSIGNED` → `DISPATCHED`, raising `TowJobDispatched`. */
  dispatch(): TowJobDispatched {
    const data = this.move('ASSIGNED', 'DISPATCHED', 'dispatch');
    return { type: TOWING_EVENT_TYPES.TowJobDispatched, version: 1, jobId: this.id, data };
  }

  /** The car is on the truck: `DISPATCHED` → `PICKED_UP`, raising `VehiclePickedUp`. */
  pickUp(): VehiclePickedUp {
    const data = this.move('DISPATCHED', 'PICKED_UP', 'pick up');
    return { type: TOWING_EVENT_TYPES.VehiclePickedUp, version: 1, jobId: this.id, data };
  }

  /**
   * The car is at `shop`: `PICKED_UP` → `DELIVERED`, raising `VehicleDelivered`. Taking a
   * {@link RepairShop} (not an id) makes the caller look the shop up among the partner shops first.
   */
  deliverTo(shop: RepairShop): VehicleDelivered {
    const data = this.move('PICKED_UP', 'DELIVERED', 'deliver', shop.id);
    return {
      type: TOWING_EVENT_TYPES.VehicleDelivered,
      version: 1,
      jobId: this.id,
      data: { ...data, shopId: shop.id },
    };
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

  /** Checks the move is legal, applies it, and answers the data every move's event carries. */
  private move(
    from: TowJobStatus,
    to: TowJobStatus,
    verb: string,
    shopId: string | null = null,
  ): { jobId: string; claimId: string; companyId: string } {
    const { status, companyId } = this.state;
    // Every status past UNASSIGNED has a company; the null check keeps that invariant honest.
    if (status !== from || companyId === null) throw IllegalTowJobTransition.from(status, verb);
    this.state = { ...this.state, status: to, shopId };
    return { jobId: this.id, claimId: this.claimId, companyId };
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
