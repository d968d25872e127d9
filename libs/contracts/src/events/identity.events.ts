import { z } from 'zod';

/**
 * `GrantRevoked` v1: a person's grant at identity ended before its time — logout, a replayed
 * (rotated) refresh token, or an explicit revocation. Every access token of `sub` issued under it
 * must stop working at the edge at once (defense `revocation`): the gateway drops its cached
 * introspections of `sub`.
 */
export const GrantRevokedV1Schema = z.strictObject({
  sub: z.string().min(1),
  reason: z.enum(['logout', 'refresh_token_reuse', 'revoked']),
  /** The OAuth client the grant belonged to, when known. */
  clientId: z.string().optional(),
});
export type GrantRevokedV1 = z.infer<typeof GrantRevokedV1Schema>;

/** `UserDisabled` v1: an administrator disabled the account; nothing of `sub` may work anymore. */
export const UserDisabledV1Schema = z.strictObject({
  sub: z.string().min(1),
});
export type UserDisabledV1 = z.infer<typeof UserDisabledV1Schema>;

/**
 * `AuthenticatorEnrolled` v1: a second factor was added to the account of `sub` (the account
 * holder's notice that a new authenticator now signs in as them). Carries no secret.
 */
export const AuthenticatorEnrolledV1Schema = z.strictObject({
  sub: z.string().min(1),
  /** The kind of authenticator (TOTP only, for now). */
  method: z.enum(['totp']),
  /** True when an administrator's out-of-band enrolment code was redeemed to add it. */
  enrolmentCodeUsed: z.boolean(),
});
export type AuthenticatorEnrolledV1 = z.infer<typeof AuthenticatorEnrolledV1Schema>;

export const IDENTITY_EVENT_TYPES = {
  GrantRevoked: 'GrantRevoked',
  UserDisabled: 'UserDisabled',
  AuthenticatorEnrolled: 'AuthenticatorEnrolled',
} as const;
