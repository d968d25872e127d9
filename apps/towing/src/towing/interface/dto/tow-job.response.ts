import type { TowJobStatus } from '../../domain/tow-job-status.js';
import type { Pickup, TowJobSnapshot, TowVehicle } from '../../domain/tow-job.js';

/** What a client sees of a tow job. */
export interface TowJobResponse {
  id: string;
  claimId: string;
  /** null while UNASSIGNED. */
  companyId: string | null;
  status: TowJobStatus;
  /** The partner shop the car was delivered to; null until DELIVERED. */
  shopId: string | null;
  pickup: Pickup;
  vehicle: TowVehicle;
  createdAt: string;
}

/** Builds the response field by field (an allow-list), never by spreading the stored object. */
export function toTowJobResponse(job: TowJobSnapshot): TowJobResponse {
  const { street, city, state, postalCode } = job.pickup;
  const { make, model, year } = job.vehicle;
  return {
    id: job.id,
    claimId: job.claimId,
    companyId: job.companyId,
    status: job.status,
    shopId: job.shopId,
    pickup: { ...(street !== undefined ? { street } : {}), city, state, postalCode },
    vehicle: { make, model, year },
    createdAt: job.createdAt.toISOString(),
  };
}
