import {
  CLAIM_EVENT_TYPES,
  type ClaimApprovedV1,
  type ClaimAssignedV1,
  type ClaimDeniedV1,
  type ClaimFiledV1,
  type ClaimSettledV1,
} from '@claimguard/contracts';

/**
 * An event as the claim aggregate raises it: the type and data of the public contract
 * (libs/contracts), without transport concerns. The repository wraps it in the platform envelope;
 * `claimId` becomes the envelope subject and the Kafka message key.
 */
interface ClaimEventOf<T extends string, D> {
  readonly type: T;
  readonly version: 1;
  readonly claimId: string;
  readonly data: D;
}

export type ClaimFiled = ClaimEventOf<typeof CLAIM_EVENT_TYPES.ClaimFiled, ClaimFiledV1>;
export type ClaimAssigned = ClaimEventOf<typeof CLAIM_EVENT_TYPES.ClaimAssigned, ClaimAssignedV1>;
export type ClaimApproved = ClaimEventOf<typeof CLAIM_EVENT_TYPES.ClaimApproved, ClaimApprovedV1>;
export type ClaimDenied = ClaimEventOf<typeof CLAIM_EVENT_TYPES.ClaimDenied, ClaimDeniedV1>;
export type ClaimSettled = ClaimEventOf<typeof CLAIM_EVENT_TYPES.ClaimSettled, ClaimSettledV1>;

/** Every event the claim aggregate raises. */
export type ClaimEvent = ClaimFiled | ClaimAssigned | ClaimApproved | ClaimDenied | ClaimSettled;
