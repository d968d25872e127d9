import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { decodeJwt } from 'jose';
import { call } from '../support/api.js';
import { fileClaim } from '../support/claims.js';
import { env } from '../support/env.js';
import { stolenPartyToken } from '../support/party-tokens.js';
import { login, persona } from '../support/personas.js';

const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT = 'urn:ietf:params:oauth:token-type:jwt';

/** rental's client secret at identity, from the stack's git-ignored key folder. */
function rentalSecret(): string {
  const file = join(env.keysDir, 'stack-secrets.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { rentalClientSecret: string })
    .rentalClientSecret;
}

/** heidi's party token as the gateway mints it for rental (what rental holds on a confirm). */
function heidiForRental(): Promise<string> {
  return stolenPartyToken({
    sub: 'heidi-sub',
    party: persona('heidi').party,
    aud: 'rental',
    scope: 'rental:write',
  });
}

async function exchange(form: Record<string, string>) {
  const response = await fetch(`${env.identity}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`claimguard-rental:${rentalSecret()}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: GRANT,
      subject_token_type: JWT,
      audience: 'claims',
      ...form,
    }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { access_token?: string; error?: string },
  };
}

/**
 * Token exchange for one east-west call (DESIGN.md token model step 6): rental exchanges heidi's
 * party token at identity for `aud=claims`, `act.sub=rental`, scope `claims:coverage`, and asks
 * claims for the coverage over mTLS with its own certificate. Every wrong turn is refused, in
 * secure and training mode alike (none of these checks is a training switch).
 */
test.describe('token exchange: rental asks claims for the coverage', () => {
  test('identity issues a 60 s token for claims acting through rental', async () => {
    const answer = await exchange({ subject_token: await heidiForRental() });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const claims = decodeJwt(answer.body.access_token ?? '');
    expect(claims).toMatchObject({
      iss: env.identity,
      aud: 'claims',
      sub: 'heidi-sub',
      party: persona('heidi').party,
      act: { sub: 'rental' },
      scope: 'claims:coverage',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(60);
  });

  test('an exchange asking for a wider scope or another audience is refused', async () => {
    const subject = await heidiForRental();
    const wider = await exchange({ subject_token: subject, scope: 'claims:coverage claims:read' });
    expect(wider).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    const repair = await exchange({ subject_token: subject, audience: 'repair' });
    expect(repair).toMatchObject({ status: 400, body: { error: 'invalid_target' } });
    const forClaims = await stolenPartyToken({
      sub: 'heidi-sub',
      party: persona('heidi').party,
      aud: 'claims',
      scope: 'claims:read',
    });
    const notRentals = await exchange({ subject_token: forClaims });
    expect(notRentals).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  test('claims answers the coverage to rental’s certificate with the exchanged token only', async () => {
    const alice = await login('alice', 'claims:read claims:write');
    const claimId = await fileClaim(alice, { needsRental: true });
    const { body } = await exchange({ subject_token: await heidiForRental() });
    const token = body.access_token ?? '';
    const path = `/claims/${claimId}/coverage`;

    const covered = await call('GET', path, { base: env.claims, as: 'rental', token });
    expect(covered.status, JSON.stringify(covered.body)).toBe(200);
    expect(covered.body).toEqual({ claimId, rentalCovered: true, rentalDays: 14 });

    // The gateway's certificate (not on the route's callers; and not the token's act.sub).
    const viaGateway = await call('GET', path, { base: env.claims, as: 'gateway', token });
    expect([401, 403]).toContain(viaGateway.status);
    // A party token instead of an exchanged one, even from rental's certificate.
    const party = await stolenPartyToken({
      sub: 'heidi-sub',
      party: persona('heidi').party,
      aud: 'claims',
      scope: 'claims:coverage',
    });
    const partyToken = await call('GET', path, { base: env.claims, as: 'rental', token: party });
    expect(partyToken.status).toBe(401);
    // The exchanged token replayed at repair: refused by audience (and type).
    const atRepair = await call('GET', '/repair/orders', {
      base: env.repair,
      as: 'gateway',
      token,
    });
    expect(atRepair.status).toBe(401);
  });

  test('the gateway never routes the coverage route', async () => {
    const heidi = await login('heidi', 'rental:read rental:write');
    const alice = await login('alice', 'claims:read claims:write');
    const claimId = await fileClaim(alice, { needsRental: true });
    for (const token of [heidi, alice]) {
      const answer = await call<{ code?: string }>('GET', `/api/claims/${claimId}/coverage`, {
        token,
      });
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('GATEWAY.ROUTE_NOT_FOUND');
    }
  });
});
