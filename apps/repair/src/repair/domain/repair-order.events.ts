import type {
  EstimateSubmittedV1,
  REPAIR_EVENT_TYPES,
  RepairCompletedV1,
  RepairOrderOpenedV1,
} from '@claimguard/contracts';

/**
 * The events the repair order aggregate raises: type and data of the public contract
 * (libs/contracts), without transport concerns. The repository wraps them in the platform envelope,
 * with the order id as subject (and so as Kafka key).
 */
interface RaisedEvent<T extends string, D> {
  readonly type: T;
  readonly version: 1;
  /** The aggregate id; becomes the envelope subject and the Kafka message key. */
  readonly orderId: string;
  readonly data: D;
}

export type RepairOrderOpened = RaisedEvent<
  typeof REPAIR_EVENT_TYPES.RepairOrderOpened,
  RepairOrderOpenedV1
>;
export type EstimateSubmitted = RaisedEvent<
  typeof REPAIR_EVENT_TYPES.EstimateSubmitted,
  EstimateSubmittedV1
>;
export type RepairCompleted = RaisedEvent<
  typeof REPAIR_EVENT_TYPES.RepairCompleted,
  RepairCompletedV1
>;

/** Every event the repair order aggregate raises. */
export type RepairOrderEvent = RepairOrderOpened | EstimateSubmitted | RepairCompleted;
