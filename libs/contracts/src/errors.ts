import { z } from 'zod';

/**
 * Stable error codes. They cross process boundaries (where `instanceof` does not), so clients and
 * tests match on them. Add codes; never change the meaning of one.
 */
export const ERROR_STATUS = {
  'AUTH.TOKEN_MISSING': 401,
  'AUTH.TOKEN_INVALID': 401,
  'AUTH.INSUFFICIENT_SCOPE': 403,
  /**
   * The route or the action needs a (recent) MFA authentication (RFC 9470). `details` carry
   * `acr_values` and, for the recency rule, `max_age`; the gateway relays it as the
   * `insufficient_user_authentication` challenge.
   */
  'AUTH.STEP_UP_REQUIRED': 401,
  'AUTHZ.FORBIDDEN': 403,
  /** The calling workload (its mTLS certificate) is not on the route's `callers` list. */
  'AUTH.CALLER_FORBIDDEN': 403,
  'GATEWAY.ROUTE_NOT_FOUND': 404,
  'GATEWAY.UPSTREAM_UNAVAILABLE': 503,
  /** Too many requests from this client IP or person in the current window (`Retry-After`). */
  'GATEWAY.RATE_LIMITED': 429,
  /** A CORS preflight from an origin that is not on `CORS_ALLOWED_ORIGINS` (defense `cors`). */
  'GATEWAY.CORS_ORIGIN_DENIED': 403,
  /** Too many sign-in posts or `/token` requests from this address at identity (`Retry-After`). */
  'IDENTITY.RATE_LIMITED': 429,
  'REQUEST.VALIDATION_FAILED': 400,
  'REQUEST.MALFORMED': 400,
  'REQUEST.TOO_LARGE': 413,
  /** The request line and headers exceed the HTTP parser's limit (Node's 16 KiB). */
  'REQUEST.HEADERS_TOO_LARGE': 431,
  /** The request did not arrive completely within the server's time limit. */
  'REQUEST.TIMEOUT': 408,
  'CLAIMS.CLAIM_NOT_FOUND': 404,
  'TOWING.JOB_NOT_FOUND': 404,
  INTERNAL: 500,
  /**
   * The service's database is unreachable for now (down, restarting, out of connections): nothing
   * was changed; retrying later may succeed.
   */
  'SERVICE.UNAVAILABLE': 503,
  /** A well-formed claim that breaks a business rule (loss date range, empty description). */
  'CLAIMS.CLAIM_RULE_VIOLATED': 422,
  /** The claim is not in a state that allows this step (e.g. approving a claim twice). */
  'CLAIMS.ILLEGAL_TRANSITION': 409,
  /** A payout above the submitted estimate's total. */
  'CLAIMS.PAYOUT_EXCEEDS_ESTIMATE': 422,
  /**
   * The member already has a claim (not denied) for this vehicle and loss date: one loss, one claim
   * (defense `business-flow`, OWASP API6:2023). `details` name the existing claim.
   */
  'CLAIMS.DUPLICATE_CLAIM': 409,
  /**
   * A photo URL the service will not fetch (defense `ssrf`, API7:2023): not https, an IP literal,
   * a host off the allow-list, an internal address, a redirect, too large or too slow.
   */
  'CLAIMS.PHOTO_URL_REFUSED': 422,
  /** The claim already has `PHOTO_MAX_PER_CLAIM` photos: nothing is fetched or stored. */
  'CLAIMS.PHOTO_LIMIT_REACHED': 409,
  'TOWING.ILLEGAL_TRANSITION': 409,
  /** The tow operator named a collision shop that is not a partner. */
  'TOWING.UNKNOWN_SHOP': 422,
  'REPAIR.ORDER_NOT_FOUND': 404,
  'REPAIR.ILLEGAL_TRANSITION': 409,
  'RENTAL.RESERVATION_NOT_FOUND': 404,
  'RENTAL.ILLEGAL_TRANSITION': 409,
  /** Claims says the claim covers no rental: the reservation cannot be confirmed. */
  'RENTAL.NOT_COVERED': 422,
  /** identity (token exchange) or claims (coverage) did not answer; nothing was changed. */
  'RENTAL.COVERAGE_UNAVAILABLE': 503,
  /**
   * Claims answered, but the answer breaks rental's own contract (e.g. more covered days than one
   * reservation may hold): nothing is confirmed (defense `upstream-validation`, API10:2023).
   */
  'RENTAL.COVERAGE_INVALID': 502,
  /** Training switches, reset and scoreboard do not exist in production mode. */
  'TRAINING.DISABLED': 403,
  'TRAINING.UNKNOWN_DEFENSE': 404,
  /** The defense has no training path: it cannot be switched off. */
  'TRAINING.NOT_SWITCHABLE': 409,
  /** A service's switchboard sync is not signed with that service's own key. */
  'TRAINING.SYNC_UNTRUSTED': 401,
} as const satisfies Record<string, number>;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** Body of every error response: no stack, no SQL, no hostnames. */
export const ErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  correlationId: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Header carrying the request's correlation id end to end. */
export const CORRELATION_HEADER = 'x-correlation-id';
