import type { KoaContextWithOIDC } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import type { User } from '../users/user.js';
import { makeFindAccount } from './account.js';

const dave: User = {
  id: '0b5a3f7e-8c1d-4f0a-9a63-2f1f5d0c9e11',
  username: 'dave',
  name: 'Dave Tow Operator',
  email: 'dave@claimguard.example',
  phone: '+1-210-555-0401',
  party: { kind: 'tow_operator', id: 'T-01' },
  mfaRequired: false,
  mfaEnrolled: false,
  disabled: false,
};

const ctx = {} as KoaContextWithOIDC;

describe('makeFindAccount', () => {
  it('offers the party among the claims, so the ID token tells a relying party the portal', async () => {
    const find = makeFindAccount({
      findById: (id) => Promise.resolve(id === dave.id ? dave : undefined),
    });
    const account = await find(ctx, dave.id);
    const claims = await account?.claims('id_token', 'openid', {}, []);
    expect(claims).toMatchObject({ sub: dave.id, party: { kind: 'tow_operator', id: 'T-01' } });
    expect(claims).not.toHaveProperty('phone');
  });

  it('has no account for a disabled user', async () => {
    const find = makeFindAccount({ findById: () => Promise.resolve({ ...dave, disabled: true }) });
    expect(await find(ctx, dave.id)).toBeUndefined();
  });
});
