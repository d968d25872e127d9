import { describe, expect, it } from 'vitest';
import { judgeIntrospection } from './introspection-checks.js';

const now = 1_700_000_000;
const expect_ = { audience: 'https://api.claimguard.local', issuer: 'http://localhost:4000', now };
const active = {
  active: true,
  sub: 'alice',
  client_id: 'claimguard-cli',
  scope: 'openid claims:read claims:write',
  aud: 'https://api.claimguard.local',
  iss: 'http://localhost:4000',
  exp: now + 300,
  iat: now,
  token_type: 'Bearer',
  party: { kind: 'member', id: 'M-100001' },
  amr: ['pwd'],
};

describe('judgeIntrospection', () => {
  it('turns an active answer for this API into a caller', () => {
    const outcome = judgeIntrospection(active, expect_);
    expect(outcome).toEqual({
      active: true,
      caller: {
        sub: 'alice',
        party: { kind: 'member', id: 'M-100001' },
        scopes: ['openid', 'claims:read', 'claims:write'],
        clientId: 'claimguard-cli',
        amr: ['pwd'],
        exp: now + 300,
        source: 'introspection',
      },
    });
  });

  it('accepts an aud list that contains the API', () => {
    expect(
      judgeIntrospection({ ...active, aud: ['other', expect_.audience] }, expect_).active,
    ).toBe(true);
  });

  it.each([
    ['inactive', { active: false }, 'not active'],
    ['another audience', { ...active, aud: 'https://other.example' }, 'audience'],
    [
      'no audience (a refresh token)',
      { ...active, aud: undefined, token_type: undefined },
      'audience',
    ],
    ['expired', { ...active, exp: now }, 'expired'],
    ['another issuer', { ...active, iss: 'http://evil.example' }, 'issuer'],
    ['not a bearer token', { ...active, token_type: 'refresh_token' }, 'bearer'],
    ['sender-constrained', { ...active, cnf: { jkt: 'x' } }, 'sender-constrained'],
    ['without party', { ...active, party: undefined }, 'lacks'],
    ['not an object', 'yes', 'lacks'],
  ])('refuses a token that is %s', (_name, answer, reason) => {
    const outcome = judgeIntrospection(answer, expect_);
    expect(outcome.active).toBe(false);
    expect(!outcome.active && outcome.reason).toContain(reason);
  });
});
