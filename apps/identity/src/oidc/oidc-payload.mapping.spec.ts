import { describe, expect, it } from 'vitest';
import { fromOidcRow, toOidcRow } from './oidc-payload.mapping.js';

const now = new Date('2026-01-01T00:00:00.000Z');

describe('oidc payload mapping', () => {
  it('copies grant id, user code and uid into their own columns', () => {
    const row = toOidcRow(
      'AccessToken',
      'at1',
      { grantId: 'g1', userCode: 'U-1', uid: 'u1' },
      60,
      now,
    );
    expect(row).toMatchObject({
      type: 'AccessToken',
      id: 'at1',
      grantId: 'g1',
      userCode: 'U-1',
      uid: 'u1',
    });
  });

  it('sets expiry from expiresIn and none when expiresIn is missing', () => {
    expect(toOidcRow('Session', 's', {}, 60, now).expiresAt).toEqual(
      new Date('2026-01-01T00:01:00.000Z'),
    );
    expect(toOidcRow('Session', 's', {}, undefined, now).expiresAt).toBeNull();
  });

  it('drops undefined members like a JSON round trip would', () => {
    const row = toOidcRow('Grant', 'g', { accountId: 'a', scope: undefined }, 60, now);
    expect(row.payload).toEqual({ accountId: 'a' });
  });

  it('treats an expired row as absent', () => {
    const row = toOidcRow('AccessToken', 'at1', { jti: 'at1' }, 60, now);
    expect(fromOidcRow(row, new Date(now.getTime() + 59_000))).toEqual({ jti: 'at1' });
    expect(fromOidcRow(row, new Date(now.getTime() + 60_000))).toBeUndefined();
    expect(fromOidcRow(null, now)).toBeUndefined();
  });

  it('marks a consumed row with consumed epoch seconds', () => {
    const row = { ...toOidcRow('RefreshToken', 'rt', { jti: 'rt' }, 60, now), consumedAt: now };
    expect(fromOidcRow(row, now)).toEqual({ jti: 'rt', consumed: 1767225600 });
  });
});
