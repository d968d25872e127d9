/**
 * Authentication context classes (OIDC `acr`) identity issues and the gateway and services check.
 * `amr` (RFC 8176) says how: `["pwd"]` or `["pwd","otp"]`.
 */
export const ACR_PASSWORD = 'urn:claimguard:acr:pwd';
/** Password and a TOTP code (RFC 6238). */
export const ACR_MFA = 'urn:claimguard:acr:mfa';
export const ACR_VALUES = [ACR_PASSWORD, ACR_MFA] as const;
export type AcrValue = (typeof ACR_VALUES)[number];

/** The $5,000 rule: an approval paying more than this (cents) needs a recent authentication. */
export const STEP_UP_PAYOUT_THRESHOLD_CENTS = 500_000;
/** How recent (seconds since `auth_time`) that authentication must be (RFC 9470 `max_age`). */
export const STEP_UP_MAX_AGE_SECONDS = 300;

/**
 * True when the token's authentication used a second factor.
 * @example isMfa({ acr: ACR_MFA, amr: ['pwd', 'otp'] }) // true
 */
export function isMfa(auth: {
  acr?: string | undefined;
  amr?: readonly string[] | undefined;
}): boolean {
  return auth.acr === ACR_MFA && (auth.amr ?? []).includes('otp');
}
