import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PERSONAS, IntrospectionSchema } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import {
  appDir,
  authorize,
  exchangeCode,
  ensureDatabase,
  freePort,
  migrateDatabase,
  oidcLogin,
  openLoginForm,
  type OidcLoginOptions,
} from '@claimguard/testing';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIdentityConfig } from '../src/config.js';
import { createDb } from '../src/database.js';
import { createIdentityServer, type IdentityServer } from '../src/server.js';
import { PasswordHasher } from '../src/users/password-hasher.js';
import { UserRepository } from '../src/users/user.repository.js';

const API_AUDIENCE = 'https://api.claimguard.local';
const CLI_REDIRECT = 'http://127.0.0.1:8765/callback';
const WEB_REDIRECT = 'http://localhost:3000/auth/callback';
const WEB_SECRET = randomBytes(32).toString('base64url');
const GATEWAY_SECRET = randomBytes(32).toString('base64url');
const GENERIC = 'Invalid username or password.';

function password(username: string): string {
  const persona = DEMO_PERSONAS.find((p) => p.username === username);
  if (!persona) throw new Error(`no persona ${username}`);
  return persona.password;
}

interface Running {
  server: IdentityServer;
  issuer: string;
}

async function boot(databaseUrl: string, keysDir: string, defensesOff = ''): Promise<Running> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const config = loadIdentityConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: String(port),
    ISSUER: issuer,
    DATABASE_URL: databaseUrl,
    KEYS_DIR: keysDir,
    WEB_CLIENT_SECRET: WEB_SECRET,
    GATEWAY_CLIENT_SECRET: GATEWAY_SECRET,
    SEED_DEMO_USERS: 'true',
    CLAIMGUARD_DEFENSES_OFF: defensesOff,
    // Many sign-ins from 127.0.0.1 in a minute: identity's own rate limits must not decide here.
    RATE_LIMIT_LOGIN_PER_IP: '10000',
    RATE_LIMIT_TOKEN_PER_IP: '10000',
  });
  const server = await createIdentityServer(config, { log: createLogger('identity', 'silent') });
  await server.listen();
  return { server, issuer };
}

function cli(
  issuer: string,
  username: string,
  scope: string,
  extra: Partial<OidcLoginOptions> = {},
): OidcLoginOptions {
  return {
    issuer,
    clientId: 'claimguard-cli',
    redirectUri: CLI_REDIRECT,
    username,
    password: password(username),
    scope,
    ...extra,
  };
}

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

/** RFC 7662 call; as the gateway unless another client is named. */
async function introspect(
  issuer: string,
  token: string,
  as: { clientId: string; secret?: string } = {
    clientId: 'claimguard-gateway',
    secret: GATEWAY_SECRET,
  },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = new URLSearchParams({ token });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (as.secret) headers.authorization = basic(as.clientId, as.secret);
  else body.set('client_id', as.clientId);
  const response = await fetch(`${issuer}/token/introspection`, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function revokeAsCli(issuer: string, token: string): Promise<number> {
  const response = await fetch(`${issuer}/token/revocation`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, client_id: 'claimguard-cli' }),
  });
  return response.status;
}

async function refreshAsCli(
  issuer: string,
  refreshToken: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'claimguard-cli',
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Starts an authorization request by hand and opens the login page with the browser's cookies. */
async function openLoginPage(
  issuer: string,
): Promise<{ url: URL; cookie: string; response: Response }> {
  const { page: url, cookie } = await openLoginForm(issuer, {
    clientId: 'claimguard-cli',
    redirectUri: CLI_REDIRECT,
  });
  const response = await fetch(url, { headers: { cookie } });
  return { url, cookie, response };
}

describe('identity (opaque access tokens: phantom-token on)', () => {
  let databaseUrl: string;
  let keysDir: string;
  let running: Running;
  let issuer: string;

  beforeAll(async () => {
    databaseUrl = await ensureDatabase('claimguard_it_identity');
    await migrateDatabase(appDir('identity'), databaseUrl);
    keysDir = await mkdtemp(join(tmpdir(), 'identity-it-'));
    running = await boot(databaseUrl, keysDir);
    issuer = running.issuer;
  });

  afterAll(async () => {
    await running?.server.close();
    if (keysDir) await rm(keysDir, { recursive: true, force: true });
  });

  it('answers health checks after checking the database', async () => {
    const response = await fetch(`${issuer}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('logs alice in through the login form with code + PKCE S256 and issues an opaque access token', async () => {
    const tokens = await oidcLogin(cli(issuer, 'alice', 'openid claims:read claims:write'));
    expect(tokens.access_token.split('.')).toHaveLength(1);
    expect(tokens.access_token.length).toBeGreaterThanOrEqual(43);
    expect(tokens.scope.split(' ').sort()).toEqual(['claims:read', 'claims:write']);
    expect(tokens.expires_in).toBe(300);
    expect(tokens.refresh_token).toBeTypeOf('string');
    expect(tokens.id_token).toBeTypeOf('string');
  });

  it('accepts the username in any case', async () => {
    const tokens = await oidcLogin({
      ...cli(issuer, 'alice', 'openid claims:read'),
      username: 'ALICE',
    });
    expect(tokens.scope).toBe('claims:read');
  });

  it('tells the gateway the token is active, with party, scopes and audience', async () => {
    const tokens = await oidcLogin(cli(issuer, 'alice', 'openid claims:read claims:write'));
    const { status, body } = await introspect(issuer, tokens.access_token);
    expect(status).toBe(200);
    const parsed = IntrospectionSchema.parse(body);
    expect(parsed).toMatchObject({
      active: true,
      client_id: 'claimguard-cli',
      party: { kind: 'member', id: 'M-100001' },
      aud: API_AUDIENCE,
      iss: issuer,
      token_type: 'Bearer',
    });
    if (!parsed.active) throw new Error('inactive');
    expect(parsed.scope.split(' ').sort()).toEqual(['claims:read', 'claims:write']);
    expect(parsed.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(parsed.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(300);
  });

  it('never grants a member a towing scope, even when asked', async () => {
    const tokens = await oidcLogin(
      cli(issuer, 'alice', 'openid claims:read towing:read towing:write'),
    );
    expect(tokens.scope).toBe('claims:read');
    const { body } = await introspect(issuer, tokens.access_token);
    expect(body.scope).toBe('claims:read');
  });

  it('grants a tow operator towing scopes and no claims scope', async () => {
    const tokens = await oidcLogin(cli(issuer, 'dave', 'openid claims:read towing:read'));
    expect(tokens.scope).toBe('towing:read');
    const { body } = await introspect(issuer, tokens.access_token);
    expect(body.party).toEqual({ kind: 'tow_operator', id: 'T-01' });
  });

  it('shows the same generic message and issues no code for a wrong password, an unknown user or a disabled user', async () => {
    const db = createDb(databaseUrl);
    try {
      await new UserRepository(db).upsert({
        username: 'dora',
        passwordHash: await new PasswordHasher().hash('dora-ClaimGuard-2026!'),
        name: 'Dora Disabled',
        email: 'dora@claimguard.example',
        phone: '+1-210-555-0999',
        party: { kind: 'member', id: 'M-100099' },
        mfaRequired: false,
        disabled: true,
      });
    } finally {
      await db.$disconnect();
    }

    const attempts = [
      { ...cli(issuer, 'alice', 'openid claims:read'), password: 'not-alice-password' },
      {
        ...cli(issuer, 'alice', 'openid claims:read'),
        username: 'mallory',
        password: 'whatever-1234',
      },
      {
        ...cli(issuer, 'alice', 'openid claims:read'),
        username: 'dora',
        password: 'dora-ClaimGuard-2026!',
      },
    ];
    const messages: string[] = [];
    for (const attempt of attempts) {
      const outcome = await authorize(attempt);
      expect(outcome.kind).toBe('login-refused');
      if (outcome.kind !== 'login-refused') continue;
      expect(outcome.status).toBe(200);
      expect(outcome.html).not.toMatch(/[?&]code=/);
      messages.push(/<p class="error"[^>]*>([^<]*)<\/p>/.exec(outcome.html)?.[1] ?? '');
    }
    expect(messages).toEqual([GENERIC, GENERIC, GENERIC]);
  });

  it('refuses code_challenge_method=plain', async () => {
    const outcome = await authorize(
      cli(issuer, 'alice', 'openid claims:read', {
        extraParams: { code_challenge_method: 'plain' },
      }),
    );
    expect(outcome).toMatchObject({ kind: 'error', error: 'invalid_request' });
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(`${issuer}/auth`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'claimguard-web',
      redirect_uri: WEB_REDIRECT,
      scope: 'openid',
      state: 'xyz',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '', issuer);
    expect(location.href.startsWith(WEB_REDIRECT)).toBe(true);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('makes a revoked access token inactive', async () => {
    const tokens = await oidcLogin(cli(issuer, 'alice', 'openid claims:read'));
    expect((await introspect(issuer, tokens.access_token)).body.active).toBe(true);
    expect(await revokeAsCli(issuer, tokens.access_token)).toBe(200);
    expect((await introspect(issuer, tokens.access_token)).body).toEqual({ active: false });
  });

  it('does not let claimguard-cli introspect, even its own token', async () => {
    const tokens = await oidcLogin(cli(issuer, 'alice', 'openid claims:read'));
    expect((await introspect(issuer, tokens.access_token)).body.active).toBe(true);
    const asCli = await introspect(issuer, tokens.access_token, { clientId: 'claimguard-cli' });
    expect(asCli.body).toEqual({ active: false });
  });

  it('does not let the gateway mistake a refresh token for an active access token', async () => {
    const tokens = await oidcLogin(cli(issuer, 'alice', 'openid offline_access claims:read'));
    expect(tokens.refresh_token).toBeDefined();
    expect((await introspect(issuer, tokens.refresh_token ?? '')).body).toEqual({ active: false });
  });

  it('rotates refresh tokens on use and revokes the family when an old one is replayed', async () => {
    const tokens = await oidcLogin(cli(issuer, 'alice', 'openid offline_access claims:read'));
    const first = await refreshAsCli(issuer, tokens.refresh_token ?? '');
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toBeTypeOf('string');
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(first.body.scope).toBe('claims:read');

    const replay = await refreshAsCli(issuer, tokens.refresh_token ?? '');
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // The replay revoked the whole grant: the rotated refresh token and its access token are dead too.
    expect((await refreshAsCli(issuer, String(first.body.refresh_token))).status).toBe(400);
    expect((await introspect(issuer, String(first.body.access_token))).body).toEqual({
      active: false,
    });
  });

  it('logs in the confidential web client with its secret', async () => {
    const tokens = await oidcLogin({
      issuer,
      clientId: 'claimguard-web',
      clientSecret: WEB_SECRET,
      redirectUri: WEB_REDIRECT,
      username: 'frank',
      password: password('frank'),
      scope: 'openid profile repair:read repair:write claims:read',
    });
    expect(tokens.scope.split(' ').sort()).toEqual(['repair:read', 'repair:write']);
    expect((await introspect(issuer, tokens.access_token)).body).toMatchObject({
      active: true,
      client_id: 'claimguard-web',
      party: { kind: 'repair_shop', id: 'S-01' },
    });
  });

  it('refuses redirect_uri variants of the registered one: no code ever goes there', async () => {
    const variants = [
      `${WEB_REDIRECT}/extra`, // extra path
      'http://evil.example/auth/callback', // other host
      'http://localhost:3000/auth/%63allback', // encoded
      'http://localhost:3000/AUTH/CALLBACK', // case
      'http://localhost:3000@evil.example/auth/callback', // userinfo trick
      `${WEB_REDIRECT}?next=http://evil.example`, // extra query
    ];
    for (const redirectUri of variants) {
      const url = new URL(`${issuer}/auth`);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: 'claimguard-web',
        redirect_uri: redirectUri,
        scope: 'openid',
        state: 'xyz',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }).toString();
      const response = await fetch(url, { redirect: 'manual' });
      // A redirect_uri mismatch is shown to the person, never sent to the unregistered URI.
      expect(response.status, redirectUri).toBe(400);
      expect(response.headers.get('location'), redirectUri).toBeNull();
      expect(await response.text()).toContain('redirect_uri');
    }
  });

  it('refuses a replayed authorization code and revokes what the code had issued', async () => {
    const options = cli(issuer, 'alice', 'openid claims:read');
    const outcome = await authorize(options);
    expect(outcome.kind).toBe('code');
    if (outcome.kind !== 'code') return;
    const tokens = await exchangeCode(options, outcome);
    expect((await introspect(issuer, tokens.access_token)).body.active).toBe(true);
    await expect(exchangeCode(options, outcome)).rejects.toThrow(/HTTP 400 invalid_grant/);
    // RFC 6749 §4.1.2: the tokens issued for a code used twice are revoked.
    expect((await introspect(issuer, tokens.access_token)).body).toEqual({ active: false });
  });

  it('lets exactly one of eight simultaneous redemptions of one code win, and revokes what it issued', async () => {
    const options = cli(issuer, 'alice', 'openid claims:read');
    const outcome = await authorize(options);
    expect(outcome.kind).toBe('code');
    if (outcome.kind !== 'code') return;
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, () => exchangeCode(options, outcome)),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a) => a.status === 'rejected');
    expect(won).toHaveLength(1);
    for (const refusal of lost) expect(String(refusal.reason)).toMatch(/HTTP 400 invalid_grant/);
    // The code was used more than once: what the winner got is revoked, as for a replay.
    const winner = won[0] as PromiseFulfilledResult<{ access_token: string }>;
    expect((await introspect(issuer, winner.value.access_token)).body).toEqual({ active: false });
  });

  it('lets exactly one of eight simultaneous uses of one refresh token win', async () => {
    const tokens = await oidcLogin(cli(issuer, 'alice', 'openid offline_access claims:read'));
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () => refreshAsCli(issuer, tokens.refresh_token ?? '')),
    );
    const statuses = attempts.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 400, 400, 400, 400, 400, 400, 400]);
    for (const refusal of attempts.filter((a) => a.status === 400)) {
      expect(refusal.body).toMatchObject({ error: 'invalid_grant' });
    }
    // A refresh token used twice is stolen: the family is revoked, the winner's tokens included.
    const winner = attempts.find((a) => a.status === 200);
    expect((await refreshAsCli(issuer, String(winner?.body.refresh_token))).status).toBe(400);
    expect((await introspect(issuer, String(winner?.body.access_token))).body).toEqual({
      active: false,
    });
  });

  it('signs ID tokens with ES256 and the published key', async () => {
    const tokens = await oidcLogin(cli(issuer, 'bob', 'openid profile email claims:read'));
    const { payload, protectedHeader } = await jwtVerify(
      tokens.id_token ?? '',
      createRemoteJWKSet(new URL(`${issuer}/jwks`)),
      { issuer, audience: 'claimguard-cli', algorithms: ['ES256'] },
    );
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ name: 'Bob Member', email: 'bob@claimguard.example' });
  });

  it('serves the login page with a strict CSP, no-store and an accessible form', async () => {
    const { response } = await openLoginPage(issuer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(response.headers.get('content-security-policy')).toMatch(/style-src 'self'/);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await response.text();
    expect(html).toContain('<label for="username">');
    expect(html).not.toMatch(/<script/i);
    const css = await fetch(`${issuer}/assets/identity.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('refuses an oversized login form with 413', async () => {
    const { url, cookie } = await openLoginPage(issuer);
    const response = await fetch(`${url.href}/login`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=alice&password=${'x'.repeat(10_000)}`,
    });
    expect(response.status).toBe(413);
  });

  it('answers an expired or forged interaction link with a plain 400 page', async () => {
    const response = await fetch(`${issuer}/interaction/not-a-real-uid`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(await response.text()).toContain('This sign-in request has expired.');
  });

  it('shows a plain error page without internals for an unknown client', async () => {
    const response = await fetch(`${issuer}/auth?client_id=nope&response_type=code&scope=openid`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('invalid_client');
    expect(html).not.toMatch(/at .*\.js|node_modules|<script/);
  });
});

describe('identity with the phantom-token defense off (training)', () => {
  let running: Running;
  let keysDir: string;

  beforeAll(async () => {
    const databaseUrl = await ensureDatabase('claimguard_it_identity');
    await migrateDatabase(appDir('identity'), databaseUrl);
    keysDir = await mkdtemp(join(tmpdir(), 'identity-it-jwt-'));
    running = await boot(databaseUrl, keysDir, 'phantom-token');
  });

  afterAll(async () => {
    await running?.server.close();
    if (keysDir) await rm(keysDir, { recursive: true, force: true });
  });

  it('hands the client a readable ES256 JWT access token with party and scopes', async () => {
    const { issuer } = running;
    const tokens = await oidcLogin(cli(issuer, 'alice', 'openid claims:read towing:read'));
    expect(tokens.access_token.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({
      alg: 'ES256',
      typ: 'at+jwt',
    });
    const { payload } = await jwtVerify(
      tokens.access_token,
      createRemoteJWKSet(new URL(`${issuer}/jwks`)),
      {
        issuer,
        audience: API_AUDIENCE,
        algorithms: ['ES256'],
      },
    );
    expect(payload).toMatchObject({
      client_id: 'claimguard-cli',
      scope: 'claims:read',
      party: { kind: 'member', id: 'M-100001' },
    });
  });

  it('can neither introspect nor revoke a JWT access token: it stays valid until it expires', async () => {
    const { issuer } = running;
    const tokens = await oidcLogin(cli(issuer, 'alice', 'openid claims:read'));
    const introspection = await introspect(issuer, tokens.access_token);
    expect(introspection).toMatchObject({ status: 400, body: { error: 'unsupported_token_type' } });
    const revocation = await fetch(`${issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token, client_id: 'claimguard-cli' }),
    });
    expect(revocation.status).toBe(400);
  });
});
