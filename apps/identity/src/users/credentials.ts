import type { PasswordHasher } from './password-hasher.js';
import type { User, UserWithSecret } from './user.js';

export type LoginFailureReason = 'unknown_user' | 'wrong_password' | 'disabled';

export type CredentialCheck =
  { ok: true; user: User } | { ok: false; reason: LoginFailureReason; user?: User };

/** What the credential check needs from storage. */
export interface UserLookup {
  findByUsername(username: string): Promise<UserWithSecret | undefined>;
}

/** Longest password we hash; longer input is refused without hashing (argon2 cost is per byte). */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * Checks a username and password. Every path does one argon2 verification (against a dummy hash
 * when the user is unknown), so timing does not reveal which usernames exist; the caller shows one
 * generic message for every failure and only logs the precise reason.
 * @example const result = await checkCredentials(users, hasher, 'Alice', 'alice-ClaimGuard-2026!');
 */
export async function checkCredentials(
  users: UserLookup,
  hasher: PasswordHasher,
  username: string,
  password: string,
): Promise<CredentialCheck> {
  const candidate = username.length <= 128 ? await users.findByUsername(username) : undefined;
  if (!candidate) {
    await hasher.verifyAgainstDummy(password.slice(0, MAX_PASSWORD_LENGTH));
    return { ok: false, reason: 'unknown_user' };
  }
  const { passwordHash, ...user } = candidate;
  if (password.length > MAX_PASSWORD_LENGTH) {
    await hasher.verifyAgainstDummy(password.slice(0, MAX_PASSWORD_LENGTH));
    return { ok: false, reason: 'wrong_password', user };
  }
  const matches = await hasher.verify(passwordHash, password);
  if (!matches) return { ok: false, reason: 'wrong_password', user };
  // Checked after the hash so a disabled account costs (and answers) exactly like a wrong password.
  if (user.disabled) return { ok: false, reason: 'disabled', user };
  return { ok: true, user };
}
