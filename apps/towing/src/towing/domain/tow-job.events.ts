import {
  TOWING_EVENT_TYPES,
  type TowJobCreatedV1,
  type TowJobDispatchedV1,
  type VehicleDeliveredV1,
  type VehiclePickedUpV1,
} from '@claimguard/contracts';

/** What every tow job event carries besides its data. */
interface TowJobEventBase<T extends string, D> {
  readonly type: T;
  readonly version: 1;
  /** The aggregate id; becomes the envelope subject and the Kafka message key. */
  readonly jobId: string;
  readonly data: D;
}

/**
 * The tow job's events as the aggregate raises them: the event type and data of the public contract
 * (libs/contracts), without transport concerns. The repository wraps them in the platform envelope.
 */
export type TowJobCreated = TowJobEventBase<
  typeof TOWING_EVENT_TYPES.TowJobCreated,
  TowJobCreatedV1
>;
/** The company sent a truck (claims moves the claim to `TOW_DISPATCHED`). */
export type TowJobDispatched = TowJobEventBase<
  typeof TOWING_EVENT_TYPES.TowJobDispatched,
  TowJobDispatchedV1
>;
/** The car is on the truck. */
export type VehiclePickedUp = TowJobEventBase<
  typeof TOWING_EVENT_TYPES.VehiclePickedUp,
  VehiclePickedUpV1
>;
/** The car is at a partner shop (claims: `VEHICLE_AT_SHOP`; repair opens an order for the shop). */
export type VehicleDelivered = TowJobEventBase<
  typeof TOWING_EVENT_TYPES.VehicleDelivered,
  VehicleDeliveredV1
>;

/** Every event the tow job aggregate raises. */
export type TowJobEvent = TowJobCreated | TowJobDispatched | VehiclePickedUp | VehicleDelivered;
