import type { LossLocation, Vehicle } from '@claimguard/contracts';
import type { ClaimStatus } from '../../domain/claim-status.js';
import type { ClaimSnapshot } from '../../domain/claim.js';

/** What a client sees of a claim. Internal fields (the member id among them) never leave. */
export interface ClaimResponse {
  id: string;
  status: ClaimStatus;
  vehicle: Vehicle;
  lossDate: string;
  location: LossLocation;
  description: string;
  needsTow: boolean;
  needsRental: boolean;
  filedAt: string;
}

/** Builds the response field by field (an allow-list), never by spreading the stored object. */
export function toClaimResponse(claim: ClaimSnapshot): ClaimResponse {
  const { vin, make, model, year } = claim.vehicle;
  const { street, city, state, postalCode } = claim.location;
  return {
    id: claim.id,
    status: claim.status,
    vehicle: { vin, make, model, year },
    lossDate: claim.lossDate,
    location: { ...(street !== undefined ? { street } : {}), city, state, postalCode },
    description: claim.description,
    needsTow: claim.needsTow,
    needsRental: claim.needsRental,
    filedAt: claim.filedAt.toISOString(),
  };
}
