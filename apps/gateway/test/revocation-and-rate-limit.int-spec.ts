import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Producer } from 'kafkajs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DefenseSwitches } from '@claimguard/config';
import { TOPICS, type RouteManifest } from '@claimguard/contracts';
import {
  createEnvelope,
  createKafka,
  loadOrCreateEventSigningKey,
  signedEventMessage,
  type EventSigningKey,
} from '@claimguard/messaging';
import type { Logger } from '@claimguard/observability';
import {
  appDir,
  eventually,
  freePort,
  migrateDatabase,
  oidcLogin,
  resetDatabase,
  startApp,
  type OidcTokens,
  type RunningApp,
} from '@claimguard/testing';
import { createGateway } from '../src/bootstrap.js';
import { GatewayEnvSchema } from '../src/config.js';
import { RevocationConsumer } from '../src/introspection/revocation.consumer.js';
import { MetricsServer } from '../src/metrics/metrics.server.js';

/**
 * Revocation at the edge and shared rate limits, against the REAL identity (opaque tokens,
 * introspection, RFC 7009 revocation), the Kafka-protocol broker of the integration run and the
 * machine's Redis. Identity's own revocation events are another part of the work: here the test
 * publishes `GrantRevoked` signed with identity's event key, exactly as identity's relay will.
 */
const API_AUDIENCE = 'https://api.claimguard.local';
const CLI_REDIRECT_URI = 'http://127.0.0.1:8765/callback';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const manifest: RouteManifest = {
  service: 'recorder',
  version: 1,
  routes: [
    { method: 'GET', path: '/recorder/items/:id', scopes: ['claims:read'] },
    { method: 'POST', path: '/recorder/items', scopes: ['claims:write'] },
  ],
};

/** A stand-in service: its manifest, and 200 for every listed route. */
function startRecorder(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.url === '/.well-known/route-manifest' ? manifest : { ok: true }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
function recordingLogger() {
  return Object.fromEntries(levels.map((l) => [l, vi.fn()])) as unknown as Logger &
    Record<(typeof levels)[number], ReturnType<typeof vi.fn>>;
}
type RecordingLogger = ReturnType<typeof recordingLogger>;
function auditLines(log: RecordingLogger) {
  return log.warn.mock.calls
    .map(
      (c) =>
        c[0] as {
          audit?: boolean;
          action?: string;
          defense?: string;
          reason?: string;
          sub?: string;
        },
    )
    .filter((l) => l.audit);
}

let keysDir: string;
let identity: RunningApp;
let recorder: Awaited<ReturnType<typeof startRecorder>>;
let gatewaySecret: string;
let identityKey: EventSigningKey;
let claimsKey: EventSigningKey;
let producer: Producer;
/** The integration run's broker (libs/testing's vitest global setup starts it). */
const brokers = process.env.KAFKA_BROKERS ?? '';
const gateways: NestFastifyApplication[] = [];

beforeAll(async () => {
  keysDir = await mkdtemp(join(tmpdir(), 'gateway-rev-it-'));
  const databaseUrl = await resetDatabase('claimguard_it_gateway_revocation');
  await migrateDatabase(appDir('identity'), databaseUrl);
  gatewaySecret = randomBytes(32).toString('base64url');
  const port = await freePort();
  identity = await startApp('identity', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    ISSUER: `http://127.0.0.1:${port}`,
    DATABASE_URL: databaseUrl,
    KEYS_DIR: keysDir,
    API_AUDIENCE,
    WEB_CLIENT_SECRET: randomBytes(32).toString('base64url'),
    GATEWAY_CLIENT_SECRET: gatewaySecret,
    WEB_REDIRECT_URIS: 'http://localhost:3000/auth/callback',
    CLI_REDIRECT_URIS: CLI_REDIRECT_URI,
    SEED_DEMO_USERS: 'true',
    // Many sign-ins from 127.0.0.1 in a minute: identity's own rate limits must not decide here.
    RATE_LIMIT_LOGIN_PER_IP: '10000',
    RATE_LIMIT_TOKEN_PER_IP: '10000',
  });
  recorder = await startRecorder();
  const eventKeys = join(keysDir, 'events');
  identityKey = await loadOrCreateEventSigningKey(eventKeys, 'identity');
  claimsKey = await loadOrCreateEventSigningKey(eventKeys, 'claims');
  producer = createKafka({
    clientId: 'gateway-it',
    brokers: brokers.split(','),
    logger: recordingLogger(),
  }).producer();
  await producer.connect();
});

afterAll(async () => {
  for (const app of gateways) await app.close();
  await producer?.disconnect();
  await identity?.stop();
  await new Promise((r) => recorder?.server.close(r));
  await rm(keysDir, { recursive: true, force: true });
});

async function bootGateway(defensesOff: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const config = GatewayEnvSchema.parse({
    NODE_ENV: 'test',
    PORT: String(port),
    GATEWAY_ISSUER: `http://127.0.0.1:${port}`,
    IDENTITY_ISSUER: identity.url,
    API_AUDIENCE,
    INTROSPECTION_CLIENT_SECRET: gatewaySecret,
    SERVICE_URLS: `recorder=${recorder.url}`,
    KEYS_DIR: keysDir,
    KAFKA_BROKERS: brokers,
    EVENT_KEYS_DIR: join(keysDir, 'events'),
    METRICS_PORT: '0',
    CLAIMGUARD_DEFENSES_OFF: defensesOff,
    ...env,
  });
  const log = recordingLogger();
  const app = await createGateway(config, DefenseSwitches.fromSetting(defensesOff, 'test'), log);
  await app.listen(port, '127.0.0.1');
  gateways.push(app);
  await app.get(RevocationConsumer).ready;
  const url = `http://127.0.0.1:${port}`;
  const get = (path: string, token: string) =>
    fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
  const metrics = async () =>
    (await fetch(`http://127.0.0.1:${app.get(MetricsServer).port}/metrics`)).text();
  return { app, log, url, get, metrics };
}

async function login(username: string): Promise<OidcTokens> {
  return oidcLogin({
    issuer: identity.url,
    clientId: 'claimguard-cli',
    redirectUri: CLI_REDIRECT_URI,
    username,
    password: `${username}-ClaimGuard-2026!`,
    scope: 'openid claims:read claims:write',
  });
}

/** Logs out at identity the way a client does: RFC 7009 revocation of the refresh token. */
async function revokeAtIdentity(tokens: OidcTokens): Promise<void> {
  const discovery = (await (
    await fetch(`${identity.url}/.well-known/openid-configuration`)
  ).json()) as { revocation_endpoint: string };
  expect(tokens.refresh_token, 'identity issues the CLI a refresh token').toBeDefined();
  const response = await fetch(discovery.revocation_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      token: tokens.refresh_token ?? '',
      token_type_hint: 'refresh_token',
      client_id: 'claimguard-cli',
    }),
  });
  expect(response.status).toBe(200);
}

/** `sub` as identity knows it: what identity's GrantRevoked carries. */
function subOf(tokens: OidcTokens): string {
  const idToken = tokens.id_token ?? '';
  const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString()) as {
    sub: string;
  };
  return payload.sub;
}

async function publishGrantRevoked(sub: string, signer: EventSigningKey = identityKey) {
  const envelope = createEnvelope({
    type: 'GrantRevoked',
    version: 1,
    source: 'identity',
    subject: sub,
    data: { sub, reason: 'logout', clientId: 'claimguard-cli' },
  });
  await producer.send({
    topic: TOPICS.identity,
    messages: [await signedEventMessage(signer, envelope)],
  });
  return envelope;
}

describe('revocation at the edge', () => {
  it('refuses a logged-out token once the GrantRevoked event is applied, though it was cached', async () => {
    const gw = await bootGateway('');
    const tokens = await login('alice');
    const token = tokens.access_token;
    const sub = subOf(tokens);
    expect((await gw.get('/api/recorder/items/1', token)).status).toBe(200);
    await revokeAtIdentity(tokens);
    // Without the event the cached introspection still says "active": the gap this defense closes.
    expect((await gw.get('/api/recorder/items/1', token)).status).toBe(200);

    // Not a race with a clock: the next request after the gateway applied the event is refused.
    // (How fast events arrive is bench/event-hop.mjs's measure.)
    await publishGrantRevoked(sub);
    await eventually(
      () => auditLines(gw.log).find((l) => l.action === 'token.revoked' && l.sub === sub),
      30_000,
      'the GrantRevoked event to be applied',
    );
    expect((await gw.get('/api/recorder/items/1', token)).status).toBe(401);
    const revoked = auditLines(gw.log).find((l) => l.action === 'token.revoked');
    expect(revoked).toMatchObject({ defense: 'revocation' });
    expect(revoked?.reason).toContain('GrantRevoked (logout): dropped 1 cached introspection(s)');
    const text = await gw.metrics();
    expect(text).toContain('claimguard_revocations_total{type="GrantRevoked",outcome="applied"} 1');
    expect(text).toContain('claimguard_revoked_cache_entries_total 1');
  });

  it('keeps a logged-out token working from the cache with revocation off (training)', async () => {
    const gw = await bootGateway('revocation');
    const tokens = await login('bob');
    expect((await gw.get('/api/recorder/items/1', tokens.access_token)).status).toBe(200);
    await revokeAtIdentity(tokens);
    const event = await publishGrantRevoked(subOf(tokens));
    await eventually(
      () =>
        auditLines(gw.log).some((l) => l.action === 'defense.off' && l.reason?.includes('ignored'))
          ? true
          : undefined,
      30_000,
      'the ignored event to be audited',
    );
    expect((await gw.get('/api/recorder/items/1', tokens.access_token)).status).toBe(200);
    // At least this one: the gateway may also have read earlier tests' revocations from the topic.
    expect(await gw.metrics()).toMatch(
      /claimguard_revocations_total\{type="GrantRevoked",outcome="ignored"\} [1-9]\d*/,
    );
    expect(event.id).toBeTruthy();
  });

  it('drops the cached introspections of a person identity disabled (UserDisabled)', async () => {
    const gw = await bootGateway('');
    const tokens = await login('heidi');
    const sub = subOf(tokens);
    expect((await gw.get('/api/recorder/items/1', tokens.access_token)).status).toBe(403);
    const envelope = createEnvelope({
      type: 'UserDisabled',
      version: 1,
      source: 'identity',
      subject: sub,
      data: { sub },
    });
    await producer.send({
      topic: TOPICS.identity,
      messages: [await signedEventMessage(identityKey, envelope)],
    });
    const line = await eventually(
      () => auditLines(gw.log).find((l) => l.action === 'token.revoked' && l.sub === sub),
      30_000,
      'the UserDisabled event to be applied',
    );
    expect(line.reason).toBe('UserDisabled: dropped 1 cached introspection(s)');
  });

  it('ignores a GrantRevoked signed by a service other than identity', async () => {
    const gw = await bootGateway('');
    const tokens = await login('ivan');
    const sub = subOf(tokens);
    expect((await gw.get('/api/recorder/items/1', tokens.access_token)).status).toBe(200);
    await publishGrantRevoked(sub, claimsKey);
    await eventually(
      () => (auditLines(gw.log).some((l) => l.action === 'event.rejected') ? true : undefined),
      30_000,
      'the forged event to be rejected',
    );
    const rejected = auditLines(gw.log).find((l) => l.action === 'event.rejected');
    expect(rejected).toMatchObject({ defense: 'event-signing' });
    // This gateway replays earlier tests' genuine events too (a consumer group of its own): none of
    // them is ivan's.
    expect(auditLines(gw.log).some((l) => l.action === 'token.revoked' && l.sub === sub)).toBe(
      false,
    );
    expect((await gw.get('/api/recorder/items/1', tokens.access_token)).status).toBe(200);
  });
});

describe('rate limits shared through Redis', () => {
  it('counts one person across two gateway replicas and refuses the next call with 429', async () => {
    const shared = {
      REDIS_URL,
      RATE_LIMIT_REDIS_PREFIX: `claimguard:it:${randomUUID()}:`,
      RATE_LIMIT_PER_USER: '3',
    };
    const a = await bootGateway('', shared);
    const b = await bootGateway('', shared);
    const token = (await login('bob')).access_token;
    const statuses = [];
    for (const gw of [a, b, a])
      statuses.push((await gw.get('/api/recorder/items/1', token)).status);
    const refused = await b.get('/api/recorder/items/1', token);
    expect(statuses).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ code: 'GATEWAY.RATE_LIMITED' });
    const limited = auditLines(b.log).find((l) => l.action === 'rate.limited');
    expect(limited?.reason).toContain('user limit of 3 per 60 s');
    expect(await b.metrics()).toContain(
      'claimguard_security_denials_total{defense="rate-limit",reason="GATEWAY.RATE_LIMITED"} 1',
    );
  });

  it('limits the expensive route tighter than the rest', async () => {
    const gw = await bootGateway('', {
      REDIS_URL,
      RATE_LIMIT_REDIS_PREFIX: `claimguard:it:${randomUUID()}:`,
      RATE_LIMIT_EXPENSIVE_PER_USER: '2',
      RATE_LIMIT_EXPENSIVE_ROUTES: 'POST /api/recorder/items',
    });
    const token = (await login('alice')).access_token;
    const post = () =>
      fetch(`${gw.url}/api/recorder/items`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
    const statuses = [(await post()).status, (await post()).status, (await post()).status];
    expect(statuses).toEqual([200, 200, 429]);
    expect((await gw.get('/api/recorder/items/1', token)).status).toBe(200);
  });
});

describe('rate limits when Redis goes away mid-run', () => {
  it('counts in memory once Redis dies: no request fails for it, and the limit still holds', async () => {
    // A Redis of this test's own (the machine's serves every other test): started, then killed.
    const redisPort = await freePort();
    const redis = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    try {
      await eventually(
        async () => ((await redisAnswers(redisPort)) ? true : undefined),
        30_000,
        "the test's Redis to answer",
      );
      const gw = await bootGateway('', {
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        RATE_LIMIT_REDIS_PREFIX: `claimguard:it:${randomUUID()}:`,
        RATE_LIMIT_PER_USER: '4',
      });
      await eventually(
        () =>
          gw.log.info.mock.calls.some((c) => c[0] === 'rate-limit counters in Redis')
            ? true
            : undefined,
        30_000,
        'the gateway to count in Redis',
      );
      const token = (await login('grace')).access_token;
      const before = [(await gw.get('/api/recorder/items/1', token)).status];
      expect(before).toEqual([403]);

      redis.kill('SIGKILL');
      await new Promise((resolve) => redis.once('exit', resolve));
      // Every request is answered as if nothing happened (403: grace lacks claims:read) until the
      // in-memory count, started afresh, reaches the limit: loosened per replica, never gone.
      const after = [];
      for (let i = 0; i < 5; i++) after.push((await gw.get('/api/recorder/items/1', token)).status);
      expect(after).toEqual([403, 403, 403, 403, 429]);
      const warned = gw.log.warn.mock.calls.filter(
        (c) => c[1] === 'rate-limit store (Redis) failed; counting in memory',
      );
      expect(warned.length).toBe(1);
      expect(gw.log.error).not.toHaveBeenCalled();
    } finally {
      if (redis.exitCode === null && redis.signalCode === null) redis.kill('SIGKILL');
    }
  });
});

/** Whether a Redis answers PING on `port`. */
function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}
