import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PERSONAS } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import {
  appDir,
  ensureDatabase,
  freePort,
  migrateDatabase,
  openLoginForm,
  postForm,
  type FormAnswer,
} from '@claimguard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadIdentityConfig } from '../src/config.js';
import { createIdentityServer, type IdentityServer } from '../src/server.js';

/**
 * Identity's own rate limits (defense `rate-limit`), in-process against PostgreSQL: bursts of
 * sign-in posts and `/token` requests from one loopback source address are cut off with 429 and
 * `Retry-After`, while another source is not affected. Source addresses are real (node:http
 * `localAddress` in 127.0.0.0/8), as identity sees them: no X-Forwarded-For is trusted here.
 */
const CLI_REDIRECT = 'http://127.0.0.1:8765/callback';
const GATEWAY_SECRET = randomBytes(32).toString('base64url');
const LOGIN_LIMIT = 5;
const TOKEN_LIMIT = 3;

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
function recordingLogger() {
  const log = Object.fromEntries(levels.map((l) => [l, vi.fn()])) as Record<string, unknown>;
  log.child = () => log;
  return log as unknown as Logger & Record<(typeof levels)[number], ReturnType<typeof vi.fn>>;
}
type RecordingLogger = ReturnType<typeof recordingLogger>;

function auditLines(log: RecordingLogger) {
  return log.warn.mock.calls
    .map((c) => c[0] as { audit?: boolean; action?: string; correlationId?: string } | undefined)
    .filter((l) => l?.audit);
}

/**
 * Waits, when needed, until the current one-minute window has at least 10 s left: a burst that
 * straddled two fixed windows would be counted half in each.
 */
async function awayFromWindowEdge(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 10_000) await new Promise((r) => setTimeout(r, left + 100));
}

function password(username: string): string {
  const found = DEMO_PERSONAS.find((p) => p.username === username);
  if (!found) throw new Error(`no persona ${username}`);
  return found.password;
}

async function boot(databaseUrl: string, keysDir: string, defensesOff = '') {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const log = recordingLogger();
  const config = loadIdentityConfig({
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
    CLAIMGUARD_DEFENSES_OFF: defensesOff,
    RATE_LIMIT_LOGIN_PER_IP: String(LOGIN_LIMIT),
    RATE_LIMIT_TOKEN_PER_IP: String(TOKEN_LIMIT),
    // Far above the bursts: here the rate limit alone decides.
    LOCKOUT_SOURCE_LOCK_AFTER: '1000',
  });
  const server = await createIdentityServer(config, { log });
  await server.listen();
  return { server, issuer, log };
}

/** Opens a login page (fresh interaction) and returns what posting to it needs. */
async function openInteraction(issuer: string): Promise<{ action: string; cookie: string }> {
  const form = await openLoginForm(issuer);
  return { action: form.action.href, cookie: form.cookie };
}

type Answer = FormAnswer;

/** Posts a form from a chosen loopback source address. */
function post(
  url: string,
  form: Record<string, string>,
  options: { from: string; cookie?: string; headers?: Record<string, string> },
): Promise<Answer> {
  const { from, ...rest } = options;
  return postForm(url, form, { source: from, ...rest });
}

describe('identity rate limits (defense rate-limit)', () => {
  let databaseUrl: string;
  let keysDir: string;
  const servers: IdentityServer[] = [];

  beforeAll(async () => {
    databaseUrl = await ensureDatabase('claimguard_it_identity_rate_limit');
    await migrateDatabase(appDir('identity'), databaseUrl);
    keysDir = await mkdtemp(join(tmpdir(), 'identity-rl-it-'));
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    if (keysDir) await rm(keysDir, { recursive: true, force: true });
  });

  it('cuts a burst of logins from one address off with 429 + Retry-After; another address signs in', async () => {
    const { server, issuer, log } = await boot(databaseUrl, keysDir);
    servers.push(server);
    const form = await openInteraction(issuer);
    await awayFromWindowEdge();
    const statuses: number[] = [];
    let refused: Answer | undefined;
    for (let i = 0; i < LOGIN_LIMIT + 2; i++) {
      const answer = await post(
        form.action,
        { username: `nobody${i}`, password: `Guess-${i}-secret` },
        { from: '127.0.0.61', cookie: form.cookie },
      );
      statuses.push(answer.status);
      if (answer.status === 429) refused ??= answer;
    }
    expect(statuses).toEqual([...Array<number>(LOGIN_LIMIT).fill(200), 429, 429]);
    const retryAfter = Number(refused?.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused?.headers['content-type']).toContain('text/html');
    expect(refused?.body).toContain('Too many attempts');

    // The same login form, posted from another address with alice's password: signed in.
    const other = await post(
      form.action,
      { username: 'alice', password: password('alice') },
      { from: '127.0.0.62', cookie: form.cookie },
    );
    expect(other.status).toBe(303);

    const correlationId = refused?.headers['x-correlation-id'];
    const limited = auditLines(log).filter((l) => l?.action === 'rate.limited');
    expect(limited).toHaveLength(1);
    expect(limited[0]).toMatchObject({ defense: 'rate-limit', correlationId });
    expect(JSON.stringify(log.warn.mock.calls)).not.toContain('-secret');
  });

  it('cuts a burst at POST /token off with the stable JSON error; introspection is not limited', async () => {
    const { server, issuer } = await boot(databaseUrl, keysDir);
    servers.push(server);
    await awayFromWindowEdge();
    const statuses: number[] = [];
    let refused: Answer | undefined;
    for (let i = 0; i < TOKEN_LIMIT + 1; i++) {
      const answer = await post(
        `${issuer}/token`,
        {
          grant_type: 'authorization_code',
          client_id: 'claimguard-cli',
          code: `guessed-code-${i}`,
          redirect_uri: CLI_REDIRECT,
          code_verifier: 'x'.repeat(43),
        },
        { from: '127.0.0.63' },
      );
      statuses.push(answer.status);
      refused = answer;
    }
    expect(statuses).toEqual([...Array<number>(TOKEN_LIMIT).fill(400), 429]);
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({
      error: 'rate_limited',
      code: 'IDENTITY.RATE_LIMITED',
    });
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const basic = Buffer.from(`claimguard-gateway:${GATEWAY_SECRET}`).toString('base64');
    for (let i = 0; i < TOKEN_LIMIT + 2; i++) {
      const introspection = await post(
        `${issuer}/token/introspection`,
        { token: `opaque-${i}` },
        { from: '127.0.0.63', headers: { authorization: `Basic ${basic}` } },
      );
      expect(introspection.status).toBe(200);
    }
  });

  it('counts every spelling of /token the provider routes against the one budget (/TOKEN, /token/, /Token/)', async () => {
    const { server, issuer } = await boot(databaseUrl, keysDir);
    servers.push(server);
    await awayFromWindowEdge();
    const spellings = ['/TOKEN', '/token/', '/Token/', '/token', '/TOKEN/'];
    const answers: { path: string; status: number; code?: string }[] = [];
    for (const path of spellings) {
      const answer = await post(
        `${issuer}${path}`,
        {
          grant_type: 'authorization_code',
          client_id: 'claimguard-cli',
          code: `guessed-code-${path}`,
          redirect_uri: CLI_REDIRECT,
          code_verifier: 'x'.repeat(43),
        },
        { from: '127.0.0.65' },
      );
      const body = JSON.parse(answer.body || '{}') as { error?: string; code?: string };
      answers.push({ path, status: answer.status, ...(body.code ? { code: body.code } : {}) });
    }
    // The provider serves each spelling as its token endpoint (400 for a guessed code), so each
    // one spends the budget: the fourth and fifth requests are refused whatever their spelling.
    expect(answers).toEqual([
      { path: '/TOKEN', status: 400 },
      { path: '/token/', status: 400 },
      { path: '/Token/', status: 400 },
      { path: '/token', status: 429, code: 'IDENTITY.RATE_LIMITED' },
      { path: '/TOKEN/', status: 429, code: 'IDENTITY.RATE_LIMITED' },
    ]);
  });

  it('lets the whole burst through with rate-limit off, auditing the first past the limit', async () => {
    const { server, issuer, log } = await boot(databaseUrl, keysDir, 'rate-limit');
    servers.push(server);
    const form = await openInteraction(issuer);
    await awayFromWindowEdge();
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_LIMIT + 2; i++) {
      const answer = await post(
        form.action,
        { username: `nobody${i}`, password: `Guess-${i}` },
        { from: '127.0.0.64', cookie: form.cookie },
      );
      statuses.push(answer.status);
    }
    expect(statuses).toEqual(Array<number>(LOGIN_LIMIT + 2).fill(200));
    const off = auditLines(log).filter(
      (l) => l?.action === 'defense.off' && 'resource' in l && l.resource !== undefined,
    );
    expect(off).toHaveLength(1);
  });
});
