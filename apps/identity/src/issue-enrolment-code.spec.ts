import { describe, expect, it } from 'vitest';
import { issueEnrolmentCode } from './issue-enrolment-code.js';
import { hashEnrolmentCode } from './mfa/enrolment-code.js';
import type { User } from './users/user.js';

const CAROL: User = {
  id: '00000000-0000-4000-8000-000000000003',
  username: 'carol',
  name: 'Carol Adjuster',
  email: 'carol@example.test',
  phone: '+1-210-555-0201',
  party: { kind: 'adjuster', id: 'E-2001' },
  mfaRequired: true,
  mfaEnrolled: false,
  disabled: false,
};

function memoryUsers() {
  const stored: { username: string; hash: string; expiresAt: Date }[] = [];
  return {
    stored,
    issueEnrolmentCode: (username: string, hash: string, expiresAt: Date) => {
      if (username !== 'carol') return Promise.resolve(undefined);
      stored.push({ username, hash, expiresAt });
      return Promise.resolve(CAROL);
    },
  };
}

describe('issueEnrolmentCode', () => {
  it('stores only the hash of the code it hands out, expiring after 30 minutes by default', async () => {
    const users = memoryUsers();
    const now = new Date('2026-12-05T12:00:00Z');
    const issued = await issueEnrolmentCode(users, 'carol', undefined, now);
    expect(issued?.expiresAt.toISOString()).toBe('2026-12-05T12:30:00.000Z');
    expect(users.stored).toEqual([
      {
        username: 'carol',
        hash: hashEnrolmentCode(issued?.code ?? ''),
        expiresAt: issued?.expiresAt,
      },
    ]);
    expect(JSON.stringify(users.stored)).not.toContain(issued?.code);
  });

  it('answers undefined for an unknown user and refuses lifetimes outside 1 minute to 24 hours', async () => {
    const users = memoryUsers();
    expect(await issueEnrolmentCode(users, 'nobody')).toBeUndefined();
    for (const minutes of [0, -5, 1.5, 24 * 60 + 1, Number.NaN]) {
      await expect(issueEnrolmentCode(users, 'carol', minutes)).rejects.toThrow(RangeError);
    }
    expect(users.stored).toHaveLength(0);
  });
});
