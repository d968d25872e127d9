import { describe, expect, it, vi } from 'vitest';
import { checkCredentials, type UserLookup } from './credentials.js';
import { PasswordHasher } from './password-hasher.js';
import { normalizeUsername, type UserWithSecret } from './user.js';

const hasher = new PasswordHasher();

async function lookupWith(
  users: Omit<UserWithSecret, 'passwordHash'>[],
  password: string,
): Promise<UserLookup> {
  const passwordHash = await hasher.hash(password);
  const stored = users.map((u) => ({ ...u, passwordHash }));
  return {
    findByUsername: (name) =>
      Promise.resolve(stored.find((u) => u.username === normalizeUsername(name))),
  };
}

const alice = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'alice',
  name: 'Alice Member',
  email: 'alice@claimguard.example',
  phone: '+1-210-555-0101',
  party: { kind: 'member' as const, id: 'M-100001' },
  mfaRequired: false,
  mfaEnrolled: false,
  disabled: false,
};

describe('checkCredentials', () => {
  it('accepts the right password whatever the username case', async () => {
    const users = await lookupWith([alice], 'pw-alice-123');
    const result = await checkCredentials(users, hasher, 'ALICE', 'pw-alice-123');
    expect(result).toEqual({ ok: true, user: alice });
    expect(result.ok && 'passwordHash' in result.user).toBe(false);
  });

  it('rejects a wrong password', async () => {
    const users = await lookupWith([alice], 'pw-alice-123');
    expect(await checkCredentials(users, hasher, 'alice', 'pw-alice-124')).toMatchObject({
      ok: false,
      reason: 'wrong_password',
    });
  });

  it('still runs a hash verification for an unknown user', async () => {
    const users = await lookupWith([alice], 'pw-alice-123');
    const spy = vi.spyOn(hasher, 'verifyAgainstDummy');
    expect(await checkCredentials(users, hasher, 'mallory', 'pw-alice-123')).toEqual({
      ok: false,
      reason: 'unknown_user',
    });
    expect(spy).toHaveBeenCalledOnce();
    spy.mockRestore();
  });

  it('rejects a disabled user even with the right password', async () => {
    const users = await lookupWith([{ ...alice, disabled: true }], 'pw-alice-123');
    expect(await checkCredentials(users, hasher, 'alice', 'pw-alice-123')).toMatchObject({
      ok: false,
      reason: 'disabled',
    });
  });

  it('refuses an oversized password without hashing it in full', async () => {
    const users = await lookupWith([alice], 'pw-alice-123');
    expect(await checkCredentials(users, hasher, 'alice', 'x'.repeat(10_000))).toMatchObject({
      ok: false,
      reason: 'wrong_password',
    });
  });
});
