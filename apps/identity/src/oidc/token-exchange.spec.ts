import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@claimguard/observability';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  decodeJwt,
  decodeProtectedHeader,
  SignJWT,
} from 'jose';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decideTokenExchange,
  EXCHANGED_TOKEN_TYP,
  JWT_TOKEN_TYPE,
  TOKEN_EXCHANGE_GRANT,
  TOKEN_EXCHANGE_PARAMS,
  tokenExchangeHandler,
  verifySubjectToken,
} from './token-exchange.js';
import { loadIdentityConfig } from '../config.js';
import { loadOrCreateKeys } from '../keys.js';
import { createProvider } from './provider.js';

const GATEWAY = 'https://gateway.test';
const ISSUER = 'http://127.0.0.1';
const gatewayKeys = await generateKeyPair('ES256', { extractable: true });
const gatewayPem = await exportSPKI(gatewayKeys.publicKey);
const getKey = (kid: string) => Promise.resolve(kid === 'gw1' ? gatewayPem : undefined);
const identityKey = {
  ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)),
  kid: 'id1',
  alg: 'ES256',
  use: 'sig',
};

async function partyToken(over: { aud?: string; typ?: string; iss?: string; ttl?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ party: { kind: 'rental_agent', id: 'R-01' }, scope: 'rental:write' })
    .setProtectedHeader({ alg: 'ES256', typ: over.typ ?? 'party+jwt', kid: 'gw1' })
    .setIssuer(over.iss ?? GATEWAY)
    .setAudience(over.aud ?? 'rental')
    .setSubject('user-heidi')
    .setIssuedAt(now)
    .setExpirationTime(now + (over.ttl ?? 30))
    .setJti('j'.repeat(20))
    .sign(gatewayKeys.privateKey);
}

const base = { subject_token: 'x', subject_token_type: JWT_TOKEN_TYPE, audience: 'claims' };

describe('decideTokenExchange', () => {
  it('lets rental exchange for claims, narrowed to claims:coverage', () => {
    const d = decideTokenExchange('claimguard-rental', base);
    expect(d.audience).toBe('claims');
    expect(d.scopes).toEqual(['claims:coverage']);
    expect(d.policy.actor).toBe('rental');
  });

  it('refuses a wider scope with invalid_scope', () => {
    expect(() =>
      decideTokenExchange('claimguard-rental', { ...base, scope: 'claims:coverage claims:read' }),
    ).toThrow(expect.objectContaining({ error: 'invalid_scope' }));
  });

  it('refuses another audience with invalid_target', () => {
    for (const audience of ['repair', 'towing', 'rental', undefined, 'constructor', '__proto__']) {
      expect(() => decideTokenExchange('claimguard-rental', { ...base, audience })).toThrow(
        expect.objectContaining({ error: 'invalid_target' }),
      );
    }
    expect(() =>
      decideTokenExchange('claimguard-rental', { ...base, resource: 'https://x' }),
    ).toThrow(expect.objectContaining({ error: 'invalid_target' }));
  });

  it('refuses clients without a policy', () => {
    for (const client of ['claimguard-web', 'claimguard-gateway', 'toString']) {
      expect(() => decideTokenExchange(client, base)).toThrow(
        expect.objectContaining({ error: 'unauthorized_client' }),
      );
    }
  });

  it('refuses other token types, missing subject tokens and actor tokens', () => {
    const bad = [
      { ...base, subject_token_type: 'urn:ietf:params:oauth:token-type:access_token' },
      { ...base, subject_token: undefined },
      { ...base, requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token' },
      { ...base, actor_token: 'y' },
    ];
    for (const params of bad) {
      expect(() => decideTokenExchange('claimguard-rental', params)).toThrow(
        expect.objectContaining({ error: 'invalid_request' }),
      );
    }
  });
});

describe('verifySubjectToken', () => {
  const check = { issuer: GATEWAY, audience: 'rental', getKey };

  it('accepts the party token the gateway minted for rental', async () => {
    expect(await verifySubjectToken(await partyToken(), check)).toEqual({
      sub: 'user-heidi',
      party: { kind: 'rental_agent', id: 'R-01' },
    });
  });

  it.each([
    ['another audience', { aud: 'repair' }],
    ['another type', { typ: 'JWT' }],
    ['another issuer', { iss: 'https://evil.test' }],
    ['a long-lived token', { ttl: 3600 }],
  ])('refuses %s with invalid_grant', async (_name, over) => {
    await expect(verifySubjectToken(await partyToken(over), check)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses garbage with invalid_grant', async () => {
    await expect(verifySubjectToken('a.b.c', check)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});

describe('token exchange grant on a provider', () => {
  let url: string;
  let close: () => void;
  const secret = 's'.repeat(43);
  const basic = (id: string, s: string) =>
    `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(s)}`).toString('base64')}`;

  beforeAll(async () => {
    const provider = new Provider(ISSUER, {
      clients: [
        {
          client_id: 'claimguard-rental',
          client_secret: secret,
          grant_types: [TOKEN_EXCHANGE_GRANT],
          response_types: [],
          redirect_uris: [],
        },
        {
          client_id: 'claimguard-web',
          client_secret: secret,
          grant_types: ['authorization_code'],
          redirect_uris: ['https://web.test/cb'],
        },
      ],
      clientDefaults: { id_token_signed_response_alg: 'ES256' },
      clientAuthMethods: ['client_secret_basic'],
      jwks: { keys: [identityKey] },
    });
    provider.registerGrantType(
      TOKEN_EXCHANGE_GRANT,
      tokenExchangeHandler({
        signingKey: identityKey,
        issuer: ISSUER,
        subjectIssuer: GATEWAY,
        getSubjectKey: getKey,
      }),
      [...TOKEN_EXCHANGE_PARAMS],
    );
    const server = provider.listen(0);
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    close = () => server.close();
  });
  afterAll(() => close());

  const exchange = async (
    form: Record<string, string>,
    auth = basic('claimguard-rental', secret),
  ) =>
    fetch(url, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: TOKEN_EXCHANGE_GRANT, ...form }),
    });

  it('issues a 60 s ES256 token for claims acting through rental', async () => {
    const response = await exchange({ ...base, subject_token: await partyToken() });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; issued_token_type: string };
    expect(body.issued_token_type).toBe(JWT_TOKEN_TYPE);
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({
      alg: 'ES256',
      typ: EXCHANGED_TOKEN_TYP,
      kid: 'id1',
    });
    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({
      iss: ISSUER,
      aud: 'claims',
      sub: 'user-heidi',
      party: { kind: 'rental_agent', id: 'R-01' },
      act: { sub: 'rental' },
      scope: 'claims:coverage',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(60);
  });

  it('answers invalid_scope to a wider scope and invalid_target to another audience', async () => {
    const token = await partyToken();
    const wider = await exchange({ ...base, subject_token: token, scope: 'claims:read' });
    expect(wider.status).toBe(400);
    expect(await wider.json()).toMatchObject({ error: 'invalid_scope' });
    const other = await exchange({ ...base, subject_token: token, audience: 'repair' });
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: 'invalid_target' });
  });

  it('refuses a party token minted for another service, a wrong secret and another client', async () => {
    const forRepair = await exchange({
      ...base,
      subject_token: await partyToken({ aud: 'repair' }),
    });
    expect(await forRepair.json()).toMatchObject({ error: 'invalid_grant' });
    const wrong = await exchange(
      { ...base, subject_token: await partyToken() },
      basic('claimguard-rental', 'x'.repeat(43)),
    );
    expect(wrong.status).toBe(401);
    const web = await exchange(
      { ...base, subject_token: await partyToken() },
      basic('claimguard-web', secret),
    );
    expect(await web.json()).toMatchObject({
      error: 'invalid_request',
      error_description: 'requested grant type is not allowed for this client',
    });
  });
});

describe('token exchange on identity’s own provider configuration', () => {
  let url: string;
  let close: () => void;
  let dir: string;
  const secret = 'r'.repeat(43);

  beforeAll(async () => {
    const jwks = createServer((_req, res) => {
      void exportJWK(gatewayKeys.publicKey).then((jwk) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [{ ...jwk, kid: 'gw1', alg: 'ES256', use: 'sig' }] }));
      });
    }).listen(0);
    await new Promise((r) => jwks.once('listening', r));
    dir = await mkdtemp(join(tmpdir(), 'identity-exchange-'));
    const config = loadIdentityConfig({
      NODE_ENV: 'test',
      ISSUER: 'http://127.0.0.1:4000',
      DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
      KEYS_DIR: dir,
      WEB_CLIENT_SECRET: 'w'.repeat(43),
      GATEWAY_CLIENT_SECRET: 'g'.repeat(43),
      RENTAL_CLIENT_SECRET: secret,
      PARTY_TOKEN_ISSUER: GATEWAY,
      PARTY_TOKEN_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`,
    });
    const provider = createProvider({
      config,
      keys: await loadOrCreateKeys(dir),
      db: {} as never,
      users: { findById: () => Promise.resolve(undefined) },
      log: createLogger('identity-test', 'silent'),
    });
    const server = provider.listen(0);
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    close = () => {
      server.close();
      jwks.close();
    };
  });
  afterAll(async () => {
    close();
    await rm(dir, { recursive: true, force: true });
  });

  const post = (form: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`claimguard-rental:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: TOKEN_EXCHANGE_GRANT, ...form }),
    });

  it('exchanges rental’s party token for a claims token, and refuses wider scopes', async () => {
    const ok = await post({ ...base, subject_token: await partyToken(), scope: 'claims:coverage' });
    const body = (await ok.json()) as { access_token?: string };
    expect(ok.status).toBe(200);
    expect(decodeJwt(body.access_token ?? '')).toMatchObject({
      iss: 'http://127.0.0.1:4000',
      aud: 'claims',
      act: { sub: 'rental' },
    });
    const wider = await post({ ...base, subject_token: await partyToken(), scope: 'claims:write' });
    expect(await wider.json()).toMatchObject({ error: 'invalid_scope' });
    const other = await post({ ...base, subject_token: await partyToken(), audience: 'repair' });
    expect(await other.json()).toMatchObject({ error: 'invalid_target' });
  });
});
