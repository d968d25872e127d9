import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DefenseSwitches } from '@claimguard/config';
import {
  PartyTokenClaimsSchema,
  TRAINING_ANSWER_TYP,
  TRAINING_SIGNATURE_HEADER,
  TRAINING_SYNC_MEDIA_TYPE,
  TRAINING_SYNC_PATH,
  TRAINING_SYNC_TYP,
  DEMO_PERSONAS,
  type DefensesReport,
  type RouteManifest,
  type TrainingSyncRequest,
} from '@claimguard/contracts';
import {
  eventSignatureProblem,
  FileEventKeyResolver,
  loadOrCreateEventSigningKey,
  signEvent,
} from '@claimguard/messaging';
import type { Logger } from '@claimguard/observability';
import {
  appDir,
  freePort,
  oidcLogin,
  migrateDatabase,
  resetDatabase,
  startApp,
  type RunningApp,
} from '@claimguard/testing';
import { createGateway } from '../src/bootstrap.js';
import { GatewayEnvSchema } from '../src/config.js';
import { loadOrCreatePartyTokenKey } from '../src/keys/party-token-key.js';
import { mintPartyToken } from '../src/party-token/mint-party-token.js';

/**
 * The gateway at its edge against the REAL identity (opaque tokens, introspection, alice's real
 * login). `claims` points at a port where nothing listens (a service that is down). `recorder` is a
 * test instrument, not one of our apps: it publishes a manifest and records exactly what the
 * gateway sends upstream, so header filtering and party tokens are checked on the wire.
 */
const API_AUDIENCE = 'https://api.claimguard.local';
const ALICE = { username: 'alice', password: 'alice-ClaimGuard-2026!' };
const CLI_REDIRECT_URI = 'http://127.0.0.1:8765/callback';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const recorderManifest: RouteManifest = {
  service: 'recorder',
  version: 1,
  routes: [
    { method: 'GET', path: '/recorder/items/:id', scopes: ['claims:read'] },
    { method: 'POST', path: '/recorder/items', scopes: ['claims:write'] },
    { method: 'GET', path: '/recorder/tow-jobs', scopes: ['towing:read'] },
    { method: 'GET', path: '/recorder/echo-token', scopes: ['claims:read'] },
  ],
};

function startRecorder(): Promise<{ server: Server; url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/.well-known/route-manifest') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(recorderManifest));
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('set-cookie', 'upstream-session=secret; HttpOnly');
      res.setHeader('server', 'recorder/1.0');
      res.setHeader('x-powered-by', 'Recorder');
      res.setHeader('x-internal-host', 'recorder.internal');
      // A careless service that echoes its credentials: the gateway must not pass it on.
      const payload =
        req.url === '/recorder/echo-token' ? { auth: req.headers.authorization } : { ok: true };
      res.statusCode = req.method === 'POST' ? 201 : 200;
      res.end(JSON.stringify(payload));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, requests });
    }),
  );
}

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
function recordingLogger() {
  return Object.fromEntries(levels.map((l) => [l, vi.fn()])) as unknown as Logger &
    Record<(typeof levels)[number], ReturnType<typeof vi.fn>>;
}

let keysDir: string;
let identity: RunningApp;
let recorder: Awaited<ReturnType<typeof startRecorder>>;
let gatewaySecret: string;
let deadClaimsUrl: string;
let identityDatabaseUrl: string;

/** The real identity process, with the given defenses off (it reads the same switch). */
async function startIdentity(defensesOff: string): Promise<RunningApp> {
  const port = await freePort();
  return startApp('identity', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    ISSUER: `http://127.0.0.1:${port}`,
    DATABASE_URL: identityDatabaseUrl,
    KEYS_DIR: keysDir,
    API_AUDIENCE,
    WEB_CLIENT_SECRET: randomBytes(32).toString('base64url'),
    GATEWAY_CLIENT_SECRET: gatewaySecret,
    WEB_REDIRECT_URIS: 'http://localhost:3000/auth/callback',
    CLI_REDIRECT_URIS: CLI_REDIRECT_URI,
    SEED_DEMO_USERS: 'true',
    CLAIMGUARD_DEFENSES_OFF: defensesOff,
    // Many sign-ins from 127.0.0.1 in a minute: identity's own rate limits must not decide here.
    RATE_LIMIT_LOGIN_PER_IP: '10000',
    RATE_LIMIT_TOKEN_PER_IP: '10000',
  });
}

beforeAll(async () => {
  keysDir = await mkdtemp(join(tmpdir(), 'gateway-it-'));
  const databaseUrl = await resetDatabase('claimguard_it_gateway_identity');
  await migrateDatabase(appDir('identity'), databaseUrl);
  gatewaySecret = randomBytes(32).toString('base64url');
  identityDatabaseUrl = databaseUrl;
  identity = await startIdentity('');
  recorder = await startRecorder();
  deadClaimsUrl = `http://127.0.0.1:${await freePort()}`;
});

afterAll(async () => {
  await identity?.stop();
  await new Promise((r) => recorder?.server.close(r));
  await rm(keysDir, { recursive: true, force: true });
});

/** Boots a gateway in-process against the running identity, with some defenses off. */
async function bootGateway(
  defensesOff: string,
  idp: RunningApp = identity,
  extra: Record<string, string> = {},
) {
  const port = await freePort();
  const config = GatewayEnvSchema.parse({
    NODE_ENV: 'test',
    PORT: String(port),
    GATEWAY_ISSUER: `http://127.0.0.1:${port}`,
    IDENTITY_ISSUER: idp.url,
    API_AUDIENCE,
    INTROSPECTION_CLIENT_SECRET: gatewaySecret,
    SERVICE_URLS: `claims=${deadClaimsUrl},recorder=${recorder.url}`,
    KEYS_DIR: keysDir,
    CLAIMGUARD_DEFENSES_OFF: defensesOff,
    ...extra,
  });
  const log = recordingLogger();
  const app: NestFastifyApplication = await createGateway(
    config,
    DefenseSwitches.fromSetting(defensesOff, config.NODE_ENV),
    log,
  );
  await app.listen(port, '127.0.0.1');
  return { app, log, config, url: `http://127.0.0.1:${port}` };
}

async function aliceToken(idp: RunningApp = identity): Promise<string> {
  const tokens = await oidcLogin({
    issuer: idp.url,
    clientId: 'claimguard-cli',
    redirectUri: CLI_REDIRECT_URI,
    ...ALICE,
    scope: 'openid claims:read claims:write',
  });
  return tokens.access_token;
}

/** A party token for carol signed with the gateway's own key: what a compromised service holds. */
async function forgeWithGatewayKey(issuer: string): Promise<string> {
  const key = await loadOrCreatePartyTokenKey(keysDir);
  return mintPartyToken(key, {
    issuer,
    service: 'recorder',
    caller: {
      sub: 'carol',
      party: { kind: 'adjuster', id: 'E-2001' },
      scopes: ['claims:read'],
      exp: 0,
      source: 'introspection',
    },
    scopes: ['claims:read'],
  });
}

describe('gateway with every defense on', () => {
  let gw: Awaited<ReturnType<typeof bootGateway>>;
  let alice: string;

  beforeAll(async () => {
    gw = await bootGateway('');
    alice = await aliceToken();
  });
  afterAll(() => gw?.app.close());

  const get = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(gw.url + path, {
      ...init,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.headers as Record<string, string>),
      },
    });

  it('reports secure mode at /api/_meta/defenses without a token', async () => {
    const res = await get('/api/_meta/defenses');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ mode: 'secure', off: [] });
  });

  it('answers no token with 401 and a Bearer challenge', async () => {
    const res = await get('/api/recorder/items/1');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="claimguard"');
    expect(await res.json()).toMatchObject({ code: 'AUTH.TOKEN_MISSING' });
  });

  it('answers a random opaque token with 401 invalid_token after asking identity', async () => {
    const guess = randomBytes(32).toString('base64url');
    const res = await get('/api/recorder/items/1', guess);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="claimguard", error="invalid_token"',
    );
    expect(await res.json()).toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
    expect(JSON.stringify(gw.log.warn.mock.calls)).not.toContain(guess);
  });

  it('answers an unknown route 401 without a token and 404 with a valid one', async () => {
    expect((await get('/api/recorder/admin')).status).toBe(401);
    const res = await get('/api/recorder/admin', alice);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'GATEWAY.ROUTE_NOT_FOUND' });
    // An unlisted path of a known service is someone looking for shadow routes: audited.
    expect(gw.log.warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'authz.denied',
        defense: 'inventory',
        correlationId: res.headers.get('x-correlation-id'),
      }),
      expect.any(String),
    );
    expect((await get('/api/nosuchservice/x', alice)).status).toBe(404);
  });

  it('denies a method swap on a listed route with 404', async () => {
    const res = await get('/api/recorder/items/1', alice, { method: 'DELETE' });
    expect(res.status).toBe(404);
  });

  it('routes HEAD as the GET route of its path: the same scopes, forwarded as HEAD, no body', async () => {
    recorder.requests.length = 0;
    const res = await get('/api/recorder/items/42', alice, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(recorder.requests.at(-1)).toMatchObject({ method: 'HEAD', url: '/recorder/items/42' });
    // GET's scope decides for HEAD too: alice lacks towing:read.
    const withoutScope = await get('/api/recorder/tow-jobs', alice, { method: 'HEAD' });
    expect(withoutScope.status).toBe(403);
    expect(withoutScope.headers.get('www-authenticate')).toContain('scope="towing:read"');
  });

  it('answers a route needing a scope alice lacks with 403 insufficient_scope', async () => {
    const res = await get('/api/recorder/tow-jobs', alice);
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="claimguard", error="insufficient_scope", scope="towing:read"',
    );
    expect(await res.json()).toMatchObject({ code: 'AUTH.INSUFFICIENT_SCOPE' });
  });

  it("answers alice's real token at a route whose service is down with 503", async () => {
    const res = await get('/api/claims/7d1c9f0e-1b2a-4c3d-8e9f-0a1b2c3d4e5f', alice);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'GATEWAY.UPSTREAM_UNAVAILABLE' });
  });

  it('forwards alice with a party token and only allow-listed headers', async () => {
    recorder.requests.length = 0;
    const res = await get('/api/recorder/items/42?expand=all', alice, {
      method: 'GET',
      headers: {
        accept: 'application/json',
        cookie: 'session=abc',
        'x-forwarded-for': '10.0.0.1',
        'x-party': '{"kind":"adjuster","id":"E-2001"}',
        'x-user-id': 'carol',
        'x-sub': 'carol',
        'x-correlation-id': 'client-chosen',
      },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('server')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-internal-host')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const correlationId = res.headers.get('x-correlation-id');
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);

    const [seen] = recorder.requests;
    expect(seen?.url).toBe('/recorder/items/42?expand=all');
    const forwarded = Object.keys(seen?.headers ?? {}).filter(
      (h) =>
        ![
          'host',
          'connection',
          'user-agent',
          'accept-encoding',
          'accept-language',
          'sec-fetch-mode',
        ].includes(h),
    );
    expect(forwarded.sort()).toEqual(['accept', 'authorization', 'x-correlation-id']);
    expect(seen?.headers['x-correlation-id']).toBe(correlationId);

    const partyToken = String(seen?.headers.authorization).replace(/^Bearer /, '');
    expect(partyToken).not.toBe(alice);
    const jwks = createLocalJWKSet(
      (await (await fetch(`${gw.url}/.well-known/jwks.json`)).json()) as never,
    );
    const { payload, protectedHeader } = await jwtVerify(partyToken, jwks, {
      algorithms: ['ES256'],
      issuer: gw.config.GATEWAY_ISSUER,
      audience: 'recorder',
      typ: 'party+jwt',
    });
    const claims = PartyTokenClaimsSchema.parse(payload);
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(claims).toMatchObject({
      party: { kind: 'member', id: 'M-100001' },
      scope: 'claims:read',
    });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(60);
  });

  it('forwards a JSON body re-serialized, with its content type', async () => {
    recorder.requests.length = 0;
    const res = await get('/api/recorder/items', alice, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bumper' }),
    });
    expect(res.status).toBe(201);
    expect(recorder.requests[0]?.body).toBe('{"name":"bumper"}');
    expect(recorder.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('withholds an upstream response that echoes a token', async () => {
    const res = await get('/api/recorder/echo-token', alice);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/eyJ/);
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL' });
  });

  it("refuses a party token minted with the gateway's own key at the edge", async () => {
    const forged = await forgeWithGatewayKey(gw.config.GATEWAY_ISSUER);
    const res = await get('/api/recorder/items/1', forged);
    expect(res.status).toBe(401);
    expect(gw.log.warn).toHaveBeenCalledWith(
      expect.objectContaining({ audit: true, action: 'token.rejected', defense: 'party-token' }),
      expect.any(String),
    );
  });

  it('refuses a replayed party token captured from upstream', async () => {
    recorder.requests.length = 0;
    await get('/api/recorder/items/1', alice);
    const captured = String(recorder.requests[0]?.headers.authorization).replace(/^Bearer /, '');
    const res = await get('/api/recorder/items/1', captured);
    expect(res.status).toBe(401);
  });
});

describe('gateway with party-token off (training)', () => {
  let gw: Awaited<ReturnType<typeof bootGateway>>;

  beforeAll(async () => {
    gw = await bootGateway('party-token');
  });
  afterAll(() => gw?.app.close());

  it('reports training mode', async () => {
    const res = await fetch(`${gw.url}/api/_meta/defenses`);
    expect(await res.json()).toMatchObject({ mode: 'training', off: ['party-token'] });
  });

  it('trusts a party token signed with its own key, and audits that it did', async () => {
    const forged = await forgeWithGatewayKey(gw.config.GATEWAY_ISSUER);
    recorder.requests.length = 0;
    const res = await fetch(`${gw.url}/api/recorder/items/1`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(res.status).toBe(200);
    expect(gw.log.warn).toHaveBeenCalledWith(
      expect.objectContaining({ audit: true, action: 'defense.off', defense: 'party-token' }),
      expect.any(String),
    );
  });
});

describe('gateway with inventory off (training)', () => {
  let gw: Awaited<ReturnType<typeof bootGateway>>;
  let alice: string;

  beforeAll(async () => {
    gw = await bootGateway('inventory');
    alice = await aliceToken();
  });
  afterAll(() => gw?.app.close());

  it('forwards an unlisted path of a known service, audited defense.off with the person', async () => {
    recorder.requests.length = 0;
    const res = await fetch(`${gw.url}/api/recorder/admin?x=1`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(res.status).toBe(200);
    expect(recorder.requests.map((r) => r.url)).toEqual(['/recorder/admin?x=1']);
    expect(recorder.requests[0]?.headers.authorization).toMatch(/^Bearer ey/);
    expect(gw.log.warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'defense.off',
        defense: 'inventory',
        sub: expect.any(String),
        correlationId: res.headers.get('x-correlation-id'),
      }),
      expect.any(String),
    );
  });

  it('still answers 404 for a service it does not know', async () => {
    const res = await fetch(`${gw.url}/api/nosuchservice/x`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(res.status).toBe(404);
  });
});

describe('gateway with phantom-token off (training)', () => {
  let jwtIdentity: RunningApp;
  let gw: Awaited<ReturnType<typeof bootGateway>>;
  let aliceJwt: string;

  beforeAll(async () => {
    jwtIdentity = await startIdentity('phantom-token');
    gw = await bootGateway('phantom-token', jwtIdentity);
    aliceJwt = await aliceToken(jwtIdentity);
  });
  afterAll(async () => {
    await gw?.app.close();
    await jwtIdentity?.stop();
  });

  it("accepts alice's JWT access token by local verification alone, and audits it", async () => {
    expect(aliceJwt.split('.')).toHaveLength(3);
    const res = await fetch(`${gw.url}/api/recorder/items/1`, {
      headers: { authorization: `Bearer ${aliceJwt}` },
    });
    expect(res.status).toBe(200);
    expect(gw.log.warn).toHaveBeenCalledWith(
      expect.objectContaining({ audit: true, action: 'defense.off', defense: 'phantom-token' }),
      expect.any(String),
    );
  });

  it('still refuses a JWT that identity did not sign', async () => {
    const key = await loadOrCreatePartyTokenKey(join(keysDir, 'forger'));
    const forged = await mintPartyToken(key, {
      issuer: jwtIdentity.url,
      service: API_AUDIENCE,
      caller: {
        sub: 'x',
        party: { kind: 'adjuster', id: 'E-2001' },
        scopes: ['claims:read'],
        exp: 0,
        source: 'introspection',
      },
      scopes: ['claims:read'],
    });
    const res = await fetch(`${gw.url}/api/recorder/items/1`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(res.status).toBe(401);
  });
});

const OLGA = DEMO_PERSONAS.find((p) => p.username === 'olga')!;

describe('the training switchboard (instructor console API and service sync)', () => {
  let gw: Awaited<ReturnType<typeof bootGateway>>;
  let eventKeysDir: string;
  let olga: string;
  let alice: string;

  beforeAll(async () => {
    eventKeysDir = await mkdtemp(join(tmpdir(), 'gateway-it-events-'));
    gw = await bootGateway('', identity, { EVENT_KEYS_DIR: eventKeysDir });
    const tokens = await oidcLogin({
      issuer: identity.url,
      clientId: 'claimguard-cli',
      redirectUri: CLI_REDIRECT_URI,
      username: 'olga',
      password: OLGA.password,
      totpSecret: OLGA.totpSecret,
      scope: 'openid training:switch',
    });
    olga = tokens.access_token;
    alice = await aliceToken();
  });
  afterAll(async () => {
    await gw?.app.close();
    await rm(eventKeysDir, { recursive: true, force: true });
  });

  const send = (method: string, path: string, token?: string, body?: unknown) =>
    fetch(gw.url + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** A sync as `service` would send it, signed with `signer`'s event key (default: its own). */
  async function sync(service: string, signer = service, extra: Partial<TrainingSyncRequest> = {}) {
    const key = await loadOrCreateEventSigningKey(eventKeysDir, signer);
    const body = Buffer.from(
      JSON.stringify({
        service,
        applied: 0,
        resetDone: 0,
        sentAt: new Date().toISOString(),
        detections: [],
        ...extra,
      }),
    );
    const response = await fetch(gw.url + TRAINING_SYNC_PATH, {
      method: 'POST',
      headers: {
        'content-type': TRAINING_SYNC_MEDIA_TYPE,
        [TRAINING_SIGNATURE_HEADER]: await signEvent(key, body, TRAINING_SYNC_TYP),
      },
      body,
    });
    return Object.assign(response, { sent: body });
  }

  it('lets the instructor turn a defense off and on: the public report follows at once, audited', async () => {
    const off = await send('PUT', '/api/_training/defenses/bola', olga, { on: false });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ off: ['bola'] });
    const report = (await (await send('GET', '/api/_meta/defenses')).json()) as DefensesReport;
    expect(report).toMatchObject({ mode: 'training', off: ['bola'], runtime: true });
    expect(gw.log.warn).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'training.switched',
        defense: 'bola',
        party: { kind: 'instructor', id: 'E-9001' },
      }),
      'audit training.switched',
    );
    const on = await send('PUT', '/api/_training/defenses/bola', olga, { on: true });
    expect(await on.json()).toMatchObject({ off: [] });
  });

  it('refuses everyone but the instructor, a body of the wrong shape, and defenses without a training path', async () => {
    expect((await send('PUT', '/api/_training/defenses/bola', alice, { on: false })).status).toBe(
      403,
    );
    expect(
      (await send('PUT', '/api/_training/defenses/bola', undefined, { on: false })).status,
    ).toBe(401);
    expect((await send('GET', '/api/_training/scoreboard', alice)).status).toBe(403);
    const loose = await send('PUT', '/api/_training/defenses/bola', olga, { on: false, all: true });
    expect(loose.status).toBe(400);
    const fixed = await send('PUT', '/api/_training/defenses/log-redaction', olga, { on: false });
    expect({ status: fixed.status, body: await fixed.json() }).toMatchObject({
      status: 409,
      body: { code: 'TRAINING.NOT_SWITCHABLE' },
    });
    const unknown = await send('PUT', '/api/_training/defenses/nope', olga, { on: false });
    expect(unknown.status).toBe(404);
    const report = (await (await send('GET', '/api/_meta/defenses')).json()) as DefensesReport;
    expect(report.off).toEqual([]);
  });

  it("answers a service's signed sync with the switches, and records what it applied and detected", async () => {
    await send('PUT', '/api/_training/defenses/consent', olga, { on: false });
    const answer = await sync('towing', 'towing', {
      detections: [
        {
          defense: 'consent',
          sub: 'frank-sub',
          party: { kind: 'repair_shop', id: 'S-01' },
          correlationId: 'c-consent-1',
          reason: 'allowed by training-consent-off',
          at: new Date().toISOString(),
        },
      ],
    });
    expect(answer.status).toBe(200);
    // Signed by the switchboard's own key in the trust store, over the exact bytes, and bound to
    // the sync it answers.
    const bytes = Buffer.from(await answer.arrayBuffer());
    expect(
      await eventSignatureProblem(
        new FileEventKeyResolver(eventKeysDir),
        'gateway',
        bytes,
        answer.headers.get(TRAINING_SIGNATURE_HEADER) ?? undefined,
        TRAINING_ANSWER_TYP,
      ),
    ).toBeUndefined();
    const state = JSON.parse(bytes.toString('utf8')) as {
      version: number;
      off: string[];
      inReplyTo: string;
    };
    expect(state.inReplyTo).toBe(createHash('sha256').update(answer.sent).digest('base64url'));
    expect(state.off).toEqual(['consent']);
    await sync('towing', 'towing', { applied: state.version });
    const status = await (await send('GET', '/api/_training/status', olga)).json();
    expect(status).toMatchObject({
      converged: true,
      peers: [{ service: 'towing', applied: state.version }],
    });
    const board = (await (await send('GET', '/api/_training/scoreboard', olga)).json()) as {
      entries: { sub: string; score: number; defenses: { defense: string; seenBy: string[] }[] }[];
    };
    expect(board.entries).toContainEqual(
      expect.objectContaining({
        sub: 'frank-sub',
        score: 1,
        defenses: [expect.objectContaining({ defense: 'consent', seenBy: ['towing'] })],
      }),
    );
    await send('PUT', '/api/_training/defenses/consent', olga, { on: true });
  });

  it("refuses a sync signed with another service's key, an unsigned one and a stale one", async () => {
    await loadOrCreateEventSigningKey(eventKeysDir, 'claims');
    expect((await sync('claims', 'towing')).status).toBe(401);
    const stale = await sync('towing', 'towing', {
      sentAt: new Date(Date.now() - 120_000).toISOString(),
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(gw.url + TRAINING_SYNC_PATH, {
      method: 'POST',
      headers: { 'content-type': TRAINING_SYNC_MEDIA_TYPE },
      body: JSON.stringify({
        service: 'towing',
        applied: 0,
        resetDone: 0,
        sentAt: new Date().toISOString(),
        detections: [],
      }),
    });
    expect({ status: unsigned.status, body: await unsigned.json() }).toMatchObject({
      status: 401,
      body: { code: 'TRAINING.SYNC_UNTRUSTED' },
    });
  });

  it('resets the workshop: every defense on, a new reset epoch, the scoreboard empty', async () => {
    await send('PUT', '/api/_training/defenses/bfla', olga, { on: false });
    const reset = await send('POST', '/api/_training/reset', olga);
    expect(reset.status).toBe(200);
    const status = (await reset.json()) as {
      off: string[];
      resetEpoch: number;
      converged: boolean;
    };
    expect(status).toMatchObject({ off: [], resetEpoch: 1, converged: false });
    const board = (await (await send('GET', '/api/_training/scoreboard', olga)).json()) as {
      entries: unknown[];
    };
    expect(board.entries).toEqual([]);
  });

  it('refuses all of it in production mode', async () => {
    const production = await bootGateway('', identity, {
      NODE_ENV: 'production',
      EVENT_KEYS_DIR: eventKeysDir,
    });
    try {
      const flip = await fetch(`${production.url}/api/_training/defenses/bola`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${olga}`, 'content-type': 'application/json' },
        body: JSON.stringify({ on: false }),
      });
      expect({ status: flip.status, body: await flip.json() }).toMatchObject({
        status: 403,
        body: { code: 'TRAINING.DISABLED' },
      });
      const report = await (await fetch(`${production.url}/api/_meta/defenses`)).json();
      expect(report).toMatchObject({ off: [], runtime: false, version: 0 });
    } finally {
      await production.app.close();
    }
  });
});
