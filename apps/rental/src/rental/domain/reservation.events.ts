import {
  RENTAL_EVENT_TYPES,
  type RentalClosedV1,
  type RentalConfirmedV1,
  type RentalReservedV1,
} from '@claimguard/contracts';

/** Fields every reservation event shares: the aggregate id becomes the envelope subject and key. */
interface ReservationEventBase {
  readonly version: 1;
  readonly reservationId: string;
}

/** `RentalReserved` as the aggregate raises it (the public contract's data, no transport). */
export interface RentalReserved extends ReservationEventBase {
  readonly type: typeof RENTAL_EVENT_TYPES.RentalReserved;
  readonly data: RentalReservedV1;
}

/** `RentalConfirmed`: the agency confirmed the car. */
export interface RentalConfirmed extends ReservationEventBase {
  readonly type: typeof RENTAL_EVENT_TYPES.RentalConfirmed;
  readonly data: RentalConfirmedV1;
}

/** `RentalClosed`: the repair was completed, so the rental ended. */
export interface RentalClosed extends ReservationEventBase {
  readonly type: typeof RENTAL_EVENT_TYPES.RentalClosed;
  readonly data: RentalClosedV1;
}

/** Every event the reservation aggregate raises. */
export type ReservationEvent = RentalReserved | RentalConfirmed | RentalClosed;
