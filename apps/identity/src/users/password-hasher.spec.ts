import { describe, expect, it } from 'vitest';
import { PasswordHasher } from './password-hasher.js';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('stores argon2id with the documented parameters and a random salt', async () => {
    const a = await hasher.hash('alice-ClaimGuard-2026!');
    const b = await hasher.hash('alice-ClaimGuard-2026!');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const phc = await hasher.hash('alice-ClaimGuard-2026!');
    expect(await hasher.verify(phc, 'alice-ClaimGuard-2026!')).toBe(true);
    expect(await hasher.verify(phc, 'Alice-ClaimGuard-2026!')).toBe(false);
  });

  it('treats a malformed stored hash as a mismatch instead of throwing', async () => {
    expect(await hasher.verify('not-a-phc-string', 'anything')).toBe(false);
  });

  it('never accepts anything against the dummy hash', async () => {
    expect(await hasher.verifyAgainstDummy('')).toBe(false);
    expect(await hasher.verifyAgainstDummy('alice-ClaimGuard-2026!')).toBe(false);
  });
});
