import { z } from 'zod';

/** `TowJobCreated` v1: towing opened a job for a claim and assigned it to a tow company. */
export const TowJobCreatedV1Schema = z.strictObject({
  jobId: z.uuid(),
  claimId: z.uuid(),
  companyId: z.string().nullable(),
});
export type TowJobCreatedV1 = z.infer<typeof TowJobCreatedV1Schema>;

/** `TowJobDispatched` v1: the tow company sent a truck (claim → `TOW_DISPATCHED`). */
export const TowJobDispatchedV1Schema = z.strictObject({
  jobId: z.uuid(),
  claimId: z.uuid(),
  companyId: z.string(),
});
export type TowJobDispatchedV1 = z.infer<typeof TowJobDispatchedV1Schema>;

/** `VehiclePickedUp` v1: the car is on the truck. */
export const VehiclePickedUpV1Schema = TowJobDispatchedV1Schema;
export type VehiclePickedUpV1 = z.infer<typeof VehiclePickedUpV1Schema>;

/**
 * `VehicleDelivered` v1: the car is at collision shop `shopId` (claim → `VEHICLE_AT_SHOP`; repair
 * opens a repair order for that shop).
 */
export const VehicleDeliveredV1Schema = z.strictObject({
  jobId: z.uuid(),
  claimId: z.uuid(),
  companyId: z.string(),
  shopId: z.string(),
});
export type VehicleDeliveredV1 = z.infer<typeof VehicleDeliveredV1Schema>;

export const TOWING_EVENT_TYPES = {
  TowJobCreated: 'TowJobCreated',
  TowJobDispatched: 'TowJobDispatched',
  VehiclePickedUp: 'VehiclePickedUp',
  VehicleDelivered: 'VehicleDelivered',
} as const;
