import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StoredTotp } from '../users/user.repository.js';
import { SecretBox } from './secret-box.js';
import { totpCode } from './totp.js';
import { TotpAuthenticator } from './totp-authenticator.js';

const USER = '00000000-0000-4000-8000-000000000003';
const SECRET = 'CAROLDEMOTOTPSECRETCLAIMGUARD234';

function memoryUsers() {
  const rows = new Map<string, StoredTotp>();
  return {
    rows,
    totpOf: (id: string) => Promise.resolve(rows.get(id)),
    codes: new Set<string>(),
    enrollTotp(id: string, sealed: string, lastStep: number, codeHash?: string) {
      if (codeHash !== undefined && !this.codes.delete(`${id}|${codeHash}`)) {
        return Promise.resolve('code-refused' as const);
      }
      if (rows.has(id)) return Promise.resolve('already-enrolled' as const);
      rows.set(id, { sealed, lastStep });
      return Promise.resolve('enrolled' as const);
    },
    seedTotp: (id: string, sealed: string) => {
      rows.set(id, { sealed, lastStep: null });
      return Promise.resolve();
    },
    removeTotp: (id: string) => {
      rows.delete(id);
      return Promise.resolve();
    },
    useTotpStep: (id: string, step: number) => {
      const row = rows.get(id);
      if (!row || (row.lastStep !== null && row.lastStep >= step)) return Promise.resolve(false);
      row.lastStep = step;
      return Promise.resolve(true);
    },
  };
}

describe('TotpAuthenticator', () => {
  const box = new SecretBox(randomBytes(32));

  it('accepts a valid code once and refuses the same code replayed', async () => {
    const users = memoryUsers();
    const totp = new TotpAuthenticator(users, box);
    await totp.seed(USER, SECRET);
    const now = Date.now();
    const code = totpCode(SECRET, now);
    expect(await totp.verify(USER, code, now)).toBe(true);
    expect(await totp.verify(USER, code, now)).toBe(false);
    // An older code (previous step) is refused once a later step was used.
    expect(await totp.verify(USER, totpCode(SECRET, now - 30_000), now)).toBe(false);
  });

  it('refuses a wrong code and a user without a secret', async () => {
    const users = memoryUsers();
    const totp = new TotpAuthenticator(users, box);
    expect(await totp.verify(USER, totpCode(SECRET), Date.now())).toBe(false);
    await totp.seed(USER, SECRET);
    expect((await totp.verify(USER, '000000')) && (await totp.verify(USER, '111111'))).toBe(false);
  });

  it('enrolls an offered secret only after a valid code, and never stores it in clear', async () => {
    const users = memoryUsers();
    const totp = new TotpAuthenticator(users, box);
    const offer = totp.offer(USER);
    expect(offer.sealed).not.toContain(offer.secret);
    expect(await totp.confirm(USER, offer.sealed, '000000x')).toBe('wrong-code');
    expect(users.rows.size).toBe(0);
    const now = Date.now();
    expect(
      await totp.confirm(USER, offer.sealed, totpCode(offer.secret, now), { nowMs: now }),
    ).toBe('enrolled');
    expect(users.rows.get(USER)?.sealed).toBe(offer.sealed);
    // The confirming code cannot be used again to log in.
    expect(await totp.verify(USER, totpCode(offer.secret, now), now)).toBe(false);
  });

  it('refuses to confirm a second offer once an authenticator exists: the first secret stays', async () => {
    const users = memoryUsers();
    const totp = new TotpAuthenticator(users, box);
    const first = totp.offer(USER);
    const second = totp.offer(USER);
    const now = Date.now();
    expect(
      await totp.confirm(USER, first.sealed, totpCode(first.secret, now), { nowMs: now }),
    ).toBe('enrolled');
    expect(
      await totp.confirm(USER, second.sealed, totpCode(second.secret, now), { nowMs: now }),
    ).toBe('already-enrolled');
    expect(users.rows.get(USER)?.sealed).toBe(first.sealed);
  });

  it('stores nothing when the enrolment code is not the outstanding one', async () => {
    const users = memoryUsers();
    users.codes.add(`${USER}|right`);
    const totp = new TotpAuthenticator(users, box);
    const offer = totp.offer(USER);
    const now = Date.now();
    const code = totpCode(offer.secret, now);
    expect(
      await totp.confirm(USER, offer.sealed, code, { nowMs: now, enrolmentCodeHash: 'x' }),
    ).toBe('code-refused');
    expect(users.rows.size).toBe(0);
    expect(
      await totp.confirm(USER, offer.sealed, code, { nowMs: now, enrolmentCodeHash: 'right' }),
    ).toBe('enrolled');
  });
});
