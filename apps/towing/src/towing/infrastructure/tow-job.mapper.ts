import type { Prisma, TowJob as TowJobRow } from '../../generated/prisma/client.js';
import type { Pickup, TowJobSnapshot } from '../domain/tow-job.js';

/** Row → snapshot. */
export function toSnapshot(row: TowJobRow): TowJobSnapshot {
  const pickup: Pickup = {
    ...(row.pickupStreet !== null ? { street: row.pickupStreet } : {}),
    city: row.pickupCity,
    state: row.pickupState,
    postalCode: row.pickupPostalCode,
  };
  return {
    id: row.id,
    claimId: row.claimId,
    companyId: row.companyId,
    status: row.status,
    shopId: row.shopId,
    pickup,
    vehicle: { make: row.vehicleMake, model: row.vehicleModel, year: row.vehicleYear },
    createdAt: row.createdAt,
  };
}

/** Snapshot → the columns of a new row. */
export function toCreateInput(job: TowJobSnapshot): Prisma.TowJobUncheckedCreateInput {
  return {
    id: job.id,
    claimId: job.claimId,
    companyId: job.companyId,
    status: job.status,
    shopId: job.shopId,
    pickupStreet: job.pickup.street ?? null,
    pickupCity: job.pickup.city,
    pickupState: job.pickup.state,
    pickupPostalCode: job.pickup.postalCode,
    vehicleMake: job.vehicle.make,
    vehicleModel: job.vehicle.model,
    vehicleYear: job.vehicle.year,
    createdAt: job.createdAt,
  };
}
