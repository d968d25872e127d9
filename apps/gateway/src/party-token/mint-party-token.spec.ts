import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { PARTY_TOKEN_MAX_TTL_SECONDS, PartyTokenClaimsSchema } from '@claimguard/contracts';
import type { Caller } from '../edge-auth/caller.js';
import { JwksController } from '../keys/jwks.controller.js';
import { loadOrCreatePartyTokenKey, type PartyTokenKey } from '../keys/party-token-key.js';
import { mintPartyToken } from './mint-party-token.js';

const issuer = 'http://localhost:8080';
const caller: Caller = {
  sub: 'alice',
  party: { kind: 'member', id: 'M-100001' },
  scopes: ['openid', 'claims:read', 'claims:write', 'rental:read'],
  clientId: 'claimguard-web',
  acr: 'urn:claimguard:pwd',
  amr: ['pwd'],
  authTime: 1_700_000_000,
  exp: 1_700_000_300,
  source: 'introspection',
};

let dir: string;
let key: PartyTokenKey;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-mint-'));
  key = await loadOrCreatePartyTokenKey(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mintPartyToken', () => {
  it('signs ES256 with the key id and typ party+jwt', async () => {
    const jwt = await mintPartyToken(key, {
      issuer,
      service: 'claims',
      caller,
      scopes: ['claims:read'],
    });
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'ES256', kid: key.kid, typ: 'party+jwt' });
  });

  it('carries the contract claims, scope narrowed to the route and audience the one service', async () => {
    const jwt = await mintPartyToken(key, {
      issuer,
      service: 'claims',
      caller,
      scopes: ['claims:read'],
    });
    const jwks = createLocalJWKSet(new JwksController(key).jwks());
    const { payload } = await jwtVerify(jwt, jwks, {
      algorithms: ['ES256'],
      issuer,
      audience: 'claims',
      typ: 'party+jwt',
    });
    const claims = PartyTokenClaimsSchema.parse(payload);
    expect(claims).toMatchObject({
      iss: issuer,
      aud: 'claims',
      sub: 'alice',
      party: { kind: 'member', id: 'M-100001' },
      scope: 'claims:read',
      client_id: 'claimguard-web',
      acr: 'urn:claimguard:pwd',
      amr: ['pwd'],
      auth_time: 1_700_000_000,
    });
    expect(claims.exp - claims.iat).toBe(30);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(PARTY_TOKEN_MAX_TTL_SECONDS);
  });

  it('gives every token a fresh jti', async () => {
    const request = { issuer, service: 'claims', caller, scopes: ['claims:read'] };
    const [a, b] = await Promise.all([mintPartyToken(key, request), mintPartyToken(key, request)]);
    const jti = (t: string) =>
      JSON.parse(Buffer.from(t.split('.')[1] as string, 'base64url').toString()).jti;
    expect(jti(a)).not.toBe(jti(b));
  });

  it('does not verify for another service audience', async () => {
    const jwt = await mintPartyToken(key, {
      issuer,
      service: 'towing',
      caller,
      scopes: ['towing:read'],
    });
    const jwks = createLocalJWKSet(new JwksController(key).jwks());
    await expect(
      jwtVerify(jwt, jwks, { algorithms: ['ES256'], issuer, audience: 'claims' }),
    ).rejects.toThrow(/aud/);
  });

  it('omits optional claims the caller does not have', async () => {
    const bare: Caller = {
      sub: 'bob',
      party: { kind: 'member', id: 'M-100002' },
      scopes: ['claims:read'],
      exp: 1,
      source: 'introspection',
    };
    const jwt = await mintPartyToken(key, {
      issuer,
      service: 'claims',
      caller: bare,
      scopes: ['claims:read'],
    });
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString());
    expect(Object.keys(payload).sort()).toEqual([
      'aud',
      'exp',
      'iat',
      'iss',
      'jti',
      'party',
      'scope',
      'sub',
    ]);
  });
});
