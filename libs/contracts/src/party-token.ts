import { z } from 'zod';
import { PartySchema } from './party.js';

/** JOSE `typ` of a party token; verifiers reject any other type (no ID-token or access-token confusion). */
export const PARTY_TOKEN_TYP = 'party+jwt';
/** The only signing algorithm for party tokens; verifiers pin it. */
export const PARTY_TOKEN_ALG = 'ES256';
/** Upper bound of a party token's life, in seconds (DESIGN.md token model step 4). */
export const PARTY_TOKEN_MAX_TTL_SECONDS = 60;

/**
 * Claims of the short-lived JWT the gateway mints for exactly one service per request.
 * `aud` is the target service's name (`claims`, `towing`, …); `scope` is narrowed to the route.
 */
export const PartyTokenClaimsSchema = z.object({
  iss: z.string().min(1),
  aud: z.string().min(1),
  sub: z.string().min(1),
  party: PartySchema,
  scope: z.string(),
  client_id: z.string().optional(),
  acr: z.string().optional(),
  amr: z.array(z.string()).optional(),
  auth_time: z.number().int().optional(),
  jti: z.string().min(16),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type PartyTokenClaims = z.infer<typeof PartyTokenClaimsSchema>;
