import { CLAIM_EVENT_TYPES, type ClaimFiledV1 } from '@claimguard/contracts';

/**
 * `ClaimFiled` as the aggregate raises it: the event type and data of the public contract
 * (libs/contracts), without transport concerns. The repository wraps it in the platform envelope.
 */
export interface ClaimFiled {
  readonly type: typeof CLAIM_EVENT_TYPES.ClaimFiled;
  readonly version: 1;
  /** The aggregate id; becomes the envelope subject and the Kafka message key. */
  readonly claimId: string;
  readonly data: ClaimFiledV1;
}

/** Every event the claim aggregate raises. */
export type ClaimEvent = ClaimFiled;
