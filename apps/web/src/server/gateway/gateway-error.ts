/** An error answer of the gateway (or of this app reaching it), as `{code, message}` says it. */
export interface GatewayError {
  status: number;
  code: string;
  message: string;
  correlationId?: string;
  /** Field-level problems of a 400 (`REQUEST.VALIDATION_FAILED`). */
  details?: { path: string; message: string }[];
  /**
   * The gateway asks for a stronger or fresher sign-in (RFC 9470 `insufficient_user_authentication`):
   * what to ask identity for.
   */
  stepUp?: { acrValues?: string; maxAge?: number };
}

/**
 * Reads an RFC 9470 challenge from a `WWW-Authenticate` header, or undefined when it is another one.
 * @example stepUpOf('Bearer error="insufficient_user_authentication", max_age="8"') // { maxAge: 8 }
 */
export function stepUpOf(header: string | null): GatewayError['stepUp'] {
  if (!header?.includes('insufficient_user_authentication')) return undefined;
  const acr = /acr_values="([^"]*)"/.exec(header)?.[1];
  const maxAge = /max_age="?(\d+)"?/.exec(header)?.[1];
  return { ...(acr ? { acrValues: acr } : {}), ...(maxAge ? { maxAge: Number(maxAge) } : {}) };
}

/** The error codes of libs/contracts (`ERROR_STATUS`) in words a person understands. */
const IN_WORDS: Record<string, string> = {
  'AUTH.TOKEN_MISSING': 'You are not signed in.',
  'AUTH.TOKEN_INVALID': 'Your sign-in has expired. Please sign in again.',
  'AUTH.INSUFFICIENT_SCOPE': 'Your account is not allowed to do this.',
  'AUTH.STEP_UP_REQUIRED': 'Please confirm it is you: sign in again with your authenticator code.',
  'GATEWAY.RATE_LIMITED': 'Too many requests. Please wait a moment and try again.',
  'AUTHZ.FORBIDDEN': 'You do not have access to this.',
  'GATEWAY.ROUTE_NOT_FOUND': 'This page or action does not exist.',
  'GATEWAY.UPSTREAM_UNAVAILABLE':
    'The service behind this page is not answering right now. Please try again in a moment.',
  'REQUEST.VALIDATION_FAILED': 'Some of the information is not valid.',
  'REQUEST.MALFORMED': 'The request could not be read.',
  'REQUEST.TOO_LARGE': 'The request is too large.',
  'CLAIMS.CLAIM_NOT_FOUND': 'We could not find that claim.',
  'TOWING.JOB_NOT_FOUND': 'We could not find that tow job.',
  'CLAIMS.CLAIM_RULE_VIOLATED': 'The claim breaks one of our filing rules.',
  'CLAIMS.ILLEGAL_TRANSITION': 'The claim is not at a step where this can be done.',
  'CLAIMS.PAYOUT_EXCEEDS_ESTIMATE': 'The payout cannot be more than the estimate.',
  'TOWING.ILLEGAL_TRANSITION': 'The tow job is not at a step where this can be done.',
  'TOWING.UNKNOWN_SHOP': 'That shop is not one of our partner shops.',
  'REPAIR.ORDER_NOT_FOUND': 'We could not find that repair order.',
  'REPAIR.ILLEGAL_TRANSITION': 'The repair order is not at a step where this can be done.',
  'RENTAL.RESERVATION_NOT_FOUND': 'We could not find that reservation.',
  'RENTAL.ILLEGAL_TRANSITION': 'The reservation is not at a step where this can be done.',
  'RENTAL.NOT_COVERED': 'The claim does not cover a rental car, so it cannot be confirmed.',
  'RENTAL.COVERAGE_UNAVAILABLE':
    "The claim's rental cover cannot be checked right now. Please try again in a moment.",
  'TRAINING.DISABLED': 'Training switches are disabled: this stack runs in production mode.',
  'TRAINING.UNKNOWN_DEFENSE': 'There is no defense with that id.',
  'TRAINING.NOT_SWITCHABLE': 'This defense has no training path, so it cannot be turned off.',
  'TRAINING.NOT_CONFIRMED': 'Tick the confirmation box to reset the workshop.',
  INTERNAL: 'Something went wrong on our side. Please try again later.',
  'SERVICE.UNAVAILABLE':
    'This part of the service is briefly unavailable. Please try again in a moment.',
};

/**
 * A sentence for the person in front of the screen: the code in words when it is known, else a
 * generic sentence by status. Never the raw message of an unknown error.
 * @example describeError({ status: 404, code: 'CLAIMS.CLAIM_NOT_FOUND', message: '' })
 */
export function describeError(error: Pick<GatewayError, 'status' | 'code'>): string {
  const known = IN_WORDS[error.code];
  if (known) return known;
  if (error.status === 429) return 'Too many requests. Please wait a moment and try again.';
  if (error.status >= 500) return IN_WORDS.INTERNAL!;
  return 'The request was refused.';
}
