import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DefenseSwitches } from '@claimguard/config';
import type { Logger } from '@claimguard/observability';
import { createGateway } from '../bootstrap.js';
import { GatewayEnvSchema } from '../config.js';
import { MetricsServer } from '../metrics/metrics.server.js';

/**
 * The per-IP limit at the edge, in-process, without identity (every request is anonymous and would
 * be 401): the limit runs before authentication, so the fourth request is 429 instead.
 */
const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
function recordingLogger() {
  return Object.fromEntries(levels.map((l) => [l, vi.fn()])) as unknown as Logger &
    Record<(typeof levels)[number], ReturnType<typeof vi.fn>>;
}
type RecordingLogger = ReturnType<typeof recordingLogger>;

let dir: string;
const apps: NestFastifyApplication[] = [];

async function gateway(
  env: Record<string, string>,
  defensesOff = '',
  switches = DefenseSwitches.fromSetting(defensesOff, 'test'),
) {
  const config = GatewayEnvSchema.parse({
    NODE_ENV: 'test',
    IDENTITY_ISSUER: 'http://127.0.0.1:9',
    INTROSPECTION_CLIENT_SECRET: 'x',
    SERVICE_URLS: 'claims=http://127.0.0.1:9',
    KEYS_DIR: dir,
    RATE_LIMIT_PER_IP: '3',
    METRICS_PORT: '0',
    CLAIMGUARD_DEFENSES_OFF: defensesOff,
    ...env,
  });
  const log = recordingLogger();
  const app = await createGateway(config, switches, log);
  await app.init();
  apps.push(app);
  return { app, log };
}

function auditLines(log: RecordingLogger, action: string) {
  return log.warn.mock.calls
    .map((c) => c[0] as { audit?: boolean; action?: string; defense?: string; reason?: string })
    .filter((l) => l.audit && l.action === action);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-rl-'));
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('per-IP rate limit at the edge', () => {
  it('counts CORS preflights too, though the edge answers them before any guard', async () => {
    const { app } = await gateway({});
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = await app.inject({
        method: 'OPTIONS',
        url: '/api/claims',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      statuses.push(answer.statusCode);
    }
    // Refused by the CORS allow-list (403) while within the budget, then by the limit.
    expect(statuses).toEqual([403, 403, 403, 429, 429]);
  });

  it('counts every address of one IPv6 /64 as one client', async () => {
    const { app } = await gateway({});
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const answer = await app.inject({
        method: 'GET',
        url: '/api/claims',
        remoteAddress: `2001:db8:9:9::${i}`,
      });
      statuses.push(answer.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const elsewhere = await app.inject({
      method: 'GET',
      url: '/api/claims',
      remoteAddress: '2001:db8:9:a::1',
    });
    expect(elsewhere.statusCode).toBe(401);
  });

  it('answers 429 GATEWAY.RATE_LIMITED with Retry-After past the limit, audits once, counts each', async () => {
    const { app, log } = await gateway({});
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await app.inject({ method: 'GET', url: '/api/claims' });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(last?.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(last?.json()).toMatchObject({ code: 'GATEWAY.RATE_LIMITED' });
    const audited = auditLines(log, 'rate.limited');
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ defense: 'rate-limit' });
    expect(audited[0]?.reason).toContain('ip limit of 3 per 60 s');
    // Liveness probes are never limited.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    const port = app.get(MetricsServer).port;
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toContain(
      'claimguard_security_denials_total{defense="rate-limit",reason="GATEWAY.RATE_LIMITED"} 2',
    );
    expect(text).toContain(
      'claimguard_security_denials_total{defense="none",reason="AUTH.TOKEN_MISSING"} 3',
    );
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });

  it('does not believe X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const { app } = await gateway({});
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/claims',
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('counts each forwarded client on its own behind a trusted proxy', async () => {
    const { app } = await gateway({ TRUSTED_PROXIES: '127.0.0.1' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/claims',
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401]);
  });

  it('lets the burst through with rate-limit off, auditing the first request past the limit', async () => {
    const { app, log } = await gateway({}, 'rate-limit');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await app.inject({ method: 'GET', url: '/api/claims' })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const off = auditLines(log, 'defense.off').filter((l) => l.reason?.includes('let through'));
    expect(off).toHaveLength(1);
    expect(off[0]?.reason).toContain('defense rate-limit is off');
  });

  it('audits the let-through once per window also when that window already refused (flipped mid-window)', async () => {
    const switches = DefenseSwitches.fromSetting('', 'test');
    const { app, log } = await gateway({}, '', switches);
    for (let i = 0; i < 4; i++) await app.inject({ method: 'GET', url: '/api/claims' });
    expect(auditLines(log, 'rate.limited')).toHaveLength(1);
    // The instructor turns the defense off while the client's window is still full.
    switches.apply(['rate-limit'], switches.version + 1);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await app.inject({ method: 'GET', url: '/api/claims' })).statusCode);
    expect(statuses).toEqual([401, 401, 401]);
    const off = auditLines(log, 'defense.off').filter((l) => l.reason?.includes('let through'));
    expect(off).toHaveLength(1);
  });

  it('keeps limiting in memory when Redis cannot be reached, and says so once', async () => {
    const { app, log } = await gateway({ REDIS_URL: 'redis://127.0.0.1:1' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await app.inject({ method: 'GET', url: '/api/claims' })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const warnings = log.warn.mock.calls.filter((c) =>
      String(c[1]).includes('rate-limit store (Redis) failed'),
    );
    expect(warnings).toHaveLength(1);
  });
});
