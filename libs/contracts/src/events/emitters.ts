import type { z } from 'zod';
import {
  ClaimApprovedV1Schema,
  ClaimAssignedV1Schema,
  ClaimDeniedV1Schema,
  ClaimFiledV1Schema,
  ClaimSettledV1Schema,
  CLAIM_EVENT_TYPES,
} from './claims.events.js';
import {
  EstimateSubmittedV1Schema,
  RepairCompletedV1Schema,
  RepairOrderOpenedV1Schema,
  REPAIR_EVENT_TYPES,
} from './repair.events.js';
import {
  RentalClosedV1Schema,
  RentalConfirmedV1Schema,
  RentalReservedV1Schema,
  RENTAL_EVENT_TYPES,
} from './rental.events.js';
import {
  AuthenticatorEnrolledV1Schema,
  GrantRevokedV1Schema,
  IDENTITY_EVENT_TYPES,
  UserDisabledV1Schema,
} from './identity.events.js';
import type { TOPICS } from './topics.js';
import {
  TowJobCreatedV1Schema,
  TowJobDispatchedV1Schema,
  VehicleDeliveredV1Schema,
  VehiclePickedUpV1Schema,
  TOWING_EVENT_TYPES,
} from './towing.events.js';

/** The services that emit events; each publishes only to its own topic. */
export type EventSource = keyof typeof TOPICS;

/** What the platform knows of one event type: who may emit it and its data schema per version. */
export interface EventTypeInfo {
  source: EventSource;
  versions: Readonly<Record<number, z.ZodType>>;
}

const of = (source: EventSource, v1: z.ZodType): EventTypeInfo => ({ source, versions: { 1: v1 } });

/**
 * Every event type of the platform: its one registered emitter and the data schema of each
 * version. Producers validate against it before writing the outbox; consumers refuse an event
 * whose `source` is not the registered emitter (only claims may emit `ClaimApproved`) or whose data
 * does not match.
 */
export const EVENT_CATALOG: Readonly<Record<string, EventTypeInfo>> = {
  [CLAIM_EVENT_TYPES.ClaimFiled]: of('claims', ClaimFiledV1Schema),
  [CLAIM_EVENT_TYPES.ClaimAssigned]: of('claims', ClaimAssignedV1Schema),
  [CLAIM_EVENT_TYPES.ClaimApproved]: of('claims', ClaimApprovedV1Schema),
  [CLAIM_EVENT_TYPES.ClaimDenied]: of('claims', ClaimDeniedV1Schema),
  [CLAIM_EVENT_TYPES.ClaimSettled]: of('claims', ClaimSettledV1Schema),
  [TOWING_EVENT_TYPES.TowJobCreated]: of('towing', TowJobCreatedV1Schema),
  [TOWING_EVENT_TYPES.TowJobDispatched]: of('towing', TowJobDispatchedV1Schema),
  [TOWING_EVENT_TYPES.VehiclePickedUp]: of('towing', VehiclePickedUpV1Schema),
  [TOWING_EVENT_TYPES.VehicleDelivered]: of('towing', VehicleDeliveredV1Schema),
  [REPAIR_EVENT_TYPES.RepairOrderOpened]: of('repair', RepairOrderOpenedV1Schema),
  [REPAIR_EVENT_TYPES.EstimateSubmitted]: of('repair', EstimateSubmittedV1Schema),
  [REPAIR_EVENT_TYPES.RepairCompleted]: of('repair', RepairCompletedV1Schema),
  [RENTAL_EVENT_TYPES.RentalReserved]: of('rental', RentalReservedV1Schema),
  [RENTAL_EVENT_TYPES.RentalConfirmed]: of('rental', RentalConfirmedV1Schema),
  [RENTAL_EVENT_TYPES.RentalClosed]: of('rental', RentalClosedV1Schema),
  [IDENTITY_EVENT_TYPES.GrantRevoked]: of('identity', GrantRevokedV1Schema),
  [IDENTITY_EVENT_TYPES.UserDisabled]: of('identity', UserDisabledV1Schema),
  [IDENTITY_EVENT_TYPES.AuthenticatorEnrolled]: of('identity', AuthenticatorEnrolledV1Schema),
};

/**
 * Which service may emit which event type, derived from {@link EVENT_CATALOG}.
 */
export const EVENT_EMITTERS: Record<string, string> = Object.fromEntries(
  Object.entries(EVENT_CATALOG).map(([type, info]) => [type, info.source]),
);

/** True when `source` is the registered emitter of `type`. */
export function mayEmit(source: string, type: string): boolean {
  return Object.hasOwn(EVENT_CATALOG, type) && EVENT_CATALOG[type]?.source === source;
}

/**
 * Why the data of an event of `type`/`version` does not match the catalog, or `undefined` when it
 * does. The reason names paths only, never values (it lands in DLQ headers and logs).
 * @example eventDataProblem('ClaimFiled', 1, data) // 'ClaimFiled v1 data is invalid at vehicle.vin'
 */
export function eventDataProblem(type: string, version: number, data: unknown): string | undefined {
  const schema = Object.hasOwn(EVENT_CATALOG, type)
    ? EVENT_CATALOG[type]?.versions[version]
    : undefined;
  if (!schema) return `${type} v${version} is not in the event catalog`;
  const result = schema.safeParse(data);
  if (result.success) return undefined;
  const paths = result.error.issues.map((i) => i.path.join('.') || '(data)').join(', ');
  return `${type} v${version} data is invalid at ${paths}`;
}
