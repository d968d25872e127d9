import type { Party } from '@claimguard/contracts';

/** A person who can log in at identity. */
export interface User {
  id: string;
  username: string;
  name: string;
  email: string;
  phone: string;
  party: Party;
  mfaRequired: boolean;
  /** A TOTP secret is enrolled (the secret itself never leaves the repository sealed). */
  mfaEnrolled: boolean;
  disabled: boolean;
}

/** A user together with the stored hash: only the credential check ever sees this. */
export interface UserWithSecret extends User {
  passwordHash: string;
}

/** Usernames are case-insensitive: they are compared and stored in this form. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}
