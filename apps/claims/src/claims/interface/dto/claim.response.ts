import type { EstimateLineItem, LossLocation, PartyKind, Vehicle } from '@claimguard/contracts';
import type { ClaimStatus } from '../../domain/claim-status.js';
import type { ClaimSnapshot } from '../../domain/claim.js';

/** What a member or the assigned adjuster sees of a claim. The member id never leaves. */
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
  updatedAt: string;
  shopId: string | null;
  adjusterId: string | null;
  estimate: { orderId: string; lineItems: EstimateLineItem[]; totalCents: number } | null;
  payoutCents: number | null;
  denialReason: string | null;
}

/**
 * What a service rep sees (defense `data-exposure`): the status and where the claim stands, no
 * personal data — no VIN beyond its last four characters, no street, no description, no estimate
 * lines.
 */
export interface RedactedClaimResponse {
  id: string;
  status: ClaimStatus;
  vehicle: { vinLast4: string; make: string; model: string; year: number };
  lossDate: string;
  location: { city: string; state: string };
  filedAt: string;
  updatedAt: string;
  shopId: string | null;
  redacted: true;
}

/** Party kinds that see a claim's full details (whether they may see the claim is the policy's). */
export const FULL_VIEW: ReadonlySet<PartyKind> = new Set(['member', 'adjuster']);

/**
 * The view of a claim for a caller of `kind`: full for members and adjusters, redacted for
 * everyone else (deny by default: a new party kind starts redacted).
 */
export function toClaimView(
  claim: ClaimSnapshot,
  kind: PartyKind,
): ClaimResponse | RedactedClaimResponse {
  return FULL_VIEW.has(kind) ? toClaimResponse(claim) : toRedactedClaimResponse(claim);
}

/** Builds the response field by field (an allow-list), never by spreading the stored object. */
export function toClaimResponse(claim: ClaimSnapshot): ClaimResponse {
  const { vin, make, model, year } = claim.vehicle;
  const { street, city, state, postalCode } = claim.location;
  const { estimate } = claim;
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
    updatedAt: claim.updatedAt.toISOString(),
    shopId: claim.shopId,
    adjusterId: claim.adjusterId,
    estimate: estimate
      ? {
          orderId: estimate.orderId,
          lineItems: estimate.lineItems.map(({ description, amountCents }) => ({
            description,
            amountCents,
          })),
          totalCents: estimate.totalCents,
        }
      : null,
    payoutCents: claim.payoutCents,
    denialReason: claim.denialReason,
  };
}

/** The service rep's view, field by field. */
export function toRedactedClaimResponse(claim: ClaimSnapshot): RedactedClaimResponse {
  return {
    id: claim.id,
    status: claim.status,
    vehicle: {
      vinLast4: claim.vehicle.vin.slice(-4),
      make: claim.vehicle.make,
      model: claim.vehicle.model,
      year: claim.vehicle.year,
    },
    lossDate: claim.lossDate,
    location: { city: claim.location.city, state: claim.location.state },
    filedAt: claim.filedAt.toISOString(),
    updatedAt: claim.updatedAt.toISOString(),
    shopId: claim.shopId,
    redacted: true,
  };
}
