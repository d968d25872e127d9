import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PERSONAS, TOPICS } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import {
  appDir,
  ensureDatabase,
  eventually,
  freePort,
  migrateDatabase,
  oidcLogin,
} from '@claimguard/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIdentityConfig } from '../src/config.js';
import { createDb } from '../src/database.js';
import { disableUser } from '../src/disable-user.js';
import { createIdentityServer, type IdentityServer } from '../src/server.js';

const CLI_REDIRECT = 'http://127.0.0.1:8765/callback';
const GATEWAY_SECRET = randomBytes(32).toString('base64url');

interface OutboxRow {
  event_type: string;
  topic: string;
  published_at: Date | null;
  payload: { source: string; subject: string; data: Record<string, unknown> };
}

describe('identity publishes revocations (GrantRevoked, UserDisabled) through its outbox', () => {
  let databaseUrl: string;
  let keysDir: string;
  let issuer: string;
  let server: IdentityServer;
  let db: pg.Client;

  beforeAll(async () => {
    databaseUrl = await ensureDatabase('claimguard_it_identity_events');
    await migrateDatabase(appDir('identity'), databaseUrl);
    keysDir = await mkdtemp(join(tmpdir(), 'identity-events-it-'));
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    server = await createIdentityServer(
      loadIdentityConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        PORT: String(port),
        ISSUER: issuer,
        DATABASE_URL: databaseUrl,
        KEYS_DIR: keysDir,
        WEB_CLIENT_SECRET: randomBytes(32).toString('base64url'),
        GATEWAY_CLIENT_SECRET: GATEWAY_SECRET,
        SEED_DEMO_USERS: 'true',
        KAFKA_BROKERS: process.env.KAFKA_BROKERS,
        EVENT_KEYS_DIR: join(keysDir, 'events'),
        RATE_LIMIT_LOGIN_PER_IP: '10000',
        RATE_LIMIT_TOKEN_PER_IP: '10000',
      }),
      { log: createLogger('identity', 'silent') },
    );
    await server.listen();
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await server?.close();
    if (keysDir) await rm(keysDir, { recursive: true, force: true });
  });

  const login = (username: string) =>
    oidcLogin({
      issuer,
      clientId: 'claimguard-cli',
      redirectUri: CLI_REDIRECT,
      username,
      password: DEMO_PERSONAS.find((p) => p.username === username)?.password ?? '',
      scope: 'openid offline_access claims:read',
    });

  const subOf = async (username: string) =>
    (await db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]
      ?.id ?? '';

  /** The published outbox rows about `sub`, once there are `count` of them. */
  const published = (sub: string, count: number) =>
    eventually(async () => {
      const { rows } = await db.query<OutboxRow>(
        'SELECT event_type, topic, published_at, payload FROM outbox_messages WHERE message_key = $1 ORDER BY created_at',
        [sub],
      );
      return rows.length >= count && rows.every((r) => r.published_at) ? rows : undefined;
    }, 15_000);

  const post = (path: string, form: Record<string, string>) =>
    fetch(`${issuer}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'claimguard-cli', ...form }),
    });

  it('publishes GrantRevoked (refresh_token_reuse) when a rotated refresh token is replayed', async () => {
    const tokens = await login('alice');
    const rotated = await post('/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
    });
    expect(rotated.status).toBe(200);
    const replay = await post('/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
    });
    expect(replay.status).toBe(400);
    const sub = await subOf('alice');
    const [row] = await published(sub, 1);
    expect(row).toMatchObject({
      event_type: 'GrantRevoked',
      topic: TOPICS.identity,
      payload: {
        source: 'identity',
        subject: sub,
        data: { sub, reason: 'refresh_token_reuse', clientId: 'claimguard-cli' },
      },
    });
  });

  it('publishes GrantRevoked (logout) when the client revokes its refresh token', async () => {
    const tokens = await login('bob');
    expect((await post('/token/revocation', { token: tokens.refresh_token ?? '' })).status).toBe(
      200,
    );
    const sub = await subOf('bob');
    const [row] = await published(sub, 1);
    expect(row?.payload.data).toEqual({ sub, reason: 'logout', clientId: 'claimguard-cli' });
  });

  it('disables a user: tokens die at once and UserDisabled is published', async () => {
    const tokens = await login('ivan');
    const identityDb = createDb(databaseUrl);
    const sub = await disableUser(identityDb, 'IVAN');
    await identityDb.$disconnect();
    expect(sub).toBe(await subOf('ivan'));
    const rows = await published(sub ?? '', 1);
    expect(rows.map((r) => r.event_type)).toContain('UserDisabled');
    const introspection = await fetch(`${issuer}/token/introspection`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`claimguard-gateway:${GATEWAY_SECRET}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token: tokens.access_token }),
    });
    expect(await introspection.json()).toEqual({ active: false });
    expect(await disableUser(createDb(databaseUrl), 'nobody')).toBeUndefined();
  });
});
