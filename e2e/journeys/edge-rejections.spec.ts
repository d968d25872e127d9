import { expect, test } from '@playwright/test';
import { call } from '../support/api.js';
import { claimBody, fileClaim } from '../support/claims.js';
import { env } from '../support/env.js';
import { stolenPartyToken, tamper, unsigned } from '../support/party-tokens.js';
import { login, persona } from '../support/personas.js';

const alice = persona('alice');
const dave = persona('dave');

test.describe('the gateway refuses what it must', () => {
  test('no token → 401 with an RFC 6750 challenge', async () => {
    const response = await call('GET', '/api/claims');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="claimguard"/);
    expect(response.body).toMatchObject({
      code: 'AUTH.TOKEN_MISSING',
      correlationId: expect.any(String),
    });
  });

  test('an unknown opaque token → 401 invalid_token', async () => {
    const response = await call('GET', '/api/claims', { token: 'x'.repeat(43) });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  test('a token without the route scope → 403 insufficient_scope', async () => {
    const readOnly = await login('alice', 'claims:read');
    const response = await call('POST', '/api/claims', { token: readOnly, body: claimBody() });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(response.body).toMatchObject({ code: 'AUTH.INSUFFICIENT_SCOPE' });
  });

  test('a member cannot obtain another party kind’s scope', async () => {
    const token = await login('alice', 'claims:read towing:read');
    const response = await call('GET', '/api/towing/jobs', { token });
    expect(response.status).toBe(403);
  });

  test('a party token presented at the gateway → 401', async () => {
    const token = await stolenPartyToken({
      sub: 'x',
      party: dave.party,
      aud: 'towing',
      scope: 'towing:read',
    });
    const response = await call('GET', '/api/towing/jobs', { token });
    expect(response.status).toBe(401);
  });

  test('unknown routes and method swaps are not routed', async () => {
    const token = await login('alice', 'claims:read claims:write');
    const id = await fileClaim(token);
    expect((await call('DELETE', `/api/claims/${id}`, { token })).status).toBe(404);
    expect((await call('GET', '/api/nothing-here', { token })).status).toBe(404);
  });

  test('client-sent identity headers do not reach the service', async () => {
    const bob = await login('bob', 'claims:read');
    const aliceToken = await login('alice', 'claims:read claims:write');
    const id = await fileClaim(aliceToken);
    const response = await call('GET', `/api/claims/${id}`, {
      token: bob,
      headers: {
        'x-party-id': alice.party.id,
        'x-user': alice.username,
        'x-forwarded-user': alice.username,
      },
    });
    expect(response.status).toBe(404);
  });

  test('a strict body: unknown fields are refused, never bound', async () => {
    const token = await login('alice', 'claims:read claims:write');
    const response = await call('POST', '/api/claims', {
      token,
      body: { ...claimBody(), status: 'APPROVED', memberId: 'M-100002' },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED' });
  });
});

// The attacker holds the gateway's stolen certificate (a compromised gateway host): mTLS lets the
// connection in, and the party-token checks are what must refuse.
test.describe('a service refuses party tokens it must not accept (attacker inside the network)', () => {
  const claimsToken = (extra: Partial<Parameters<typeof stolenPartyToken>[0]> = {}) =>
    stolenPartyToken({
      sub: 'alice-sub',
      party: alice.party,
      aud: 'claims',
      scope: 'claims:read',
      ...extra,
    });

  test('a genuine party token is accepted (control)', async () => {
    const response = await call('GET', '/claims', {
      base: env.claims,
      as: 'gateway',
      token: await claimsToken(),
    });
    expect(response.status).toBe(200);
  });

  test('an expired party token → 401', async () => {
    const response = await call('GET', '/claims', {
      base: env.claims,
      as: 'gateway',
      token: await claimsToken({ ttlSeconds: -120 }),
    });
    expect(response.status).toBe(401);
  });

  test('an alg:none party token → 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = unsigned({
      iss: env.gateway,
      aud: 'claims',
      sub: 'alice-sub',
      party: alice.party,
      scope: 'claims:read',
      jti: 'a'.repeat(20),
      iat: now,
      exp: now + 30,
    });
    const response = await call('GET', '/claims', { base: env.claims, as: 'gateway', token });
    expect(response.status).toBe(401);
  });

  test('a towing party token sent to claims → 401', async () => {
    const response = await call('GET', '/claims', {
      base: env.claims,
      as: 'gateway',
      token: await claimsToken({ aud: 'towing' }),
    });
    expect(response.status).toBe(401);
  });

  test('a tampered party token → 401', async () => {
    const response = await call('GET', '/claims', {
      base: env.claims,
      as: 'gateway',
      token: tamper(await claimsToken()),
    });
    expect(response.status).toBe(401);
  });

  test('no party token at the service → 401', async () => {
    const response = await call('GET', '/claims', { base: env.claims, as: 'gateway' });
    expect(response.status).toBe(401);
  });
});
