import type { PartyKind } from './party.js';

/** OAuth scopes for the API, one read and one write scope per service. */
export const API_SCOPES = [
  'claims:read',
  'claims:write',
  /** A collision shop reads the member's contact details of a claim, only while consent exists. */
  'claims:contact',
  /**
   * Rental asks claims whether a claim covers a rental, east-west. Never granted to a person: only
   * identity's token exchange issues it, to `claimguard-rental`, for `aud=claims`.
   */
  'claims:coverage',
  'towing:read',
  'towing:write',
  'repair:read',
  'repair:write',
  'rental:read',
  'rental:write',
  /**
   * The instructor flips training switches, resets the workshop and reads the scoreboard (at the
   * gateway, with an MFA login). Nothing else: no business data.
   */
  'training:switch',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/**
 * The most a person of each party kind may be granted; identity grants the requested scopes
 * intersected with this list, so a client cannot talk a member into a tow operator's scope.
 */
export const SCOPES_BY_PARTY_KIND: Record<PartyKind, readonly ApiScope[]> = {
  member: ['claims:read', 'claims:write', 'rental:read'],
  adjuster: ['claims:read', 'claims:write', 'repair:read'],
  service_rep: ['claims:read'],
  tow_operator: ['towing:read', 'towing:write'],
  repair_shop: ['repair:read', 'repair:write', 'claims:contact'],
  rental_agent: ['rental:read', 'rental:write'],
  instructor: ['training:switch'],
};

/** Splits an OAuth `scope` string into its distinct scopes. */
export function parseScope(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter(Boolean))];
}
