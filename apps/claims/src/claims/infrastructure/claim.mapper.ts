import { EstimateLineItemSchema, type LossLocation } from '@claimguard/contracts';
import { z } from 'zod';
import { Prisma, type Claim as ClaimRow } from '../../generated/prisma/client.js';
import type { ClaimSnapshot } from '../domain/claim.js';

/** Row → snapshot. `loss_date` is a DATE, read back as UTC midnight. */
export function toSnapshot(row: ClaimRow): ClaimSnapshot {
  const location: LossLocation = {
    city: row.locationCity,
    state: row.locationState,
    postalCode: row.locationPostalCode,
    ...(row.locationStreet !== null ? { street: row.locationStreet } : {}),
  };
  return {
    id: row.id,
    memberId: row.memberId,
    status: row.status,
    vehicle: {
      vin: row.vehicleVin,
      make: row.vehicleMake,
      model: row.vehicleModel,
      year: row.vehicleYear,
    },
    lossDate: row.lossDate.toISOString().slice(0, 10),
    location,
    description: row.description,
    needsTow: row.needsTow,
    needsRental: row.needsRental,
    filedAt: row.filedAt,
    contactPhone: row.contactPhone,
    rentalDays: row.rentalDays,
    shopId: row.shopId,
    adjusterId: row.adjusterId,
    estimate:
      row.estimateOrderId !== null && row.estimateTotalCents !== null
        ? {
            orderId: row.estimateOrderId,
            // Parsed, not cast: a JSON column is only as trustworthy as its last writer.
            lineItems: LineItemsSchema.parse(row.estimateLineItems),
            totalCents: row.estimateTotalCents,
          }
        : null,
    payoutCents: row.payoutCents,
    denialReason: row.denialReason,
    updatedAt: row.updatedAt,
  };
}

const LineItemsSchema = z.array(EstimateLineItemSchema);

/** The columns a saga step or decision may change. */
export function toUpdateInput(claim: ClaimSnapshot): Prisma.ClaimUpdateManyMutationInput {
  return {
    status: claim.status,
    shopId: claim.shopId,
    adjusterId: claim.adjusterId,
    estimateOrderId: claim.estimate?.orderId ?? null,
    estimateLineItems: claim.estimate
      ? claim.estimate.lineItems.map((i) => ({ ...i }))
      : Prisma.DbNull,
    estimateTotalCents: claim.estimate?.totalCents ?? null,
    payoutCents: claim.payoutCents,
    denialReason: claim.denialReason,
    updatedAt: claim.updatedAt,
  };
}

/** Snapshot → the columns of a new row. */
export function toCreateInput(claim: ClaimSnapshot): Prisma.ClaimCreateInput {
  return {
    id: claim.id,
    memberId: claim.memberId,
    status: claim.status,
    vehicleVin: claim.vehicle.vin,
    vehicleMake: claim.vehicle.make,
    vehicleModel: claim.vehicle.model,
    vehicleYear: claim.vehicle.year,
    lossDate: new Date(`${claim.lossDate}T00:00:00.000Z`),
    locationStreet: claim.location.street ?? null,
    locationCity: claim.location.city,
    locationState: claim.location.state,
    locationPostalCode: claim.location.postalCode,
    description: claim.description,
    needsTow: claim.needsTow,
    needsRental: claim.needsRental,
    filedAt: claim.filedAt,
    contactPhone: claim.contactPhone,
    rentalDays: claim.rentalDays,
    updatedAt: claim.updatedAt,
  };
}
