import { TOWING_EVENT_TYPES, type TowJobCreatedV1 } from '@claimguard/contracts';

/**
 * `TowJobCreated` as the aggregate raises it: the event type and data of the public contract
 * (libs/contracts), without transport concerns. The repository wraps it in the platform envelope.
 */
export interface TowJobCreated {
  readonly type: typeof TOWING_EVENT_TYPES.TowJobCreated;
  readonly version: 1;
  /** The aggregate id; becomes the envelope subject and the Kafka message key. */
  readonly jobId: string;
  readonly data: TowJobCreatedV1;
}

/** Every event the tow job aggregate raises. */
export type TowJobEvent = TowJobCreated;
