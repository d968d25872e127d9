import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DefenseId } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import { MemoryCounterStore } from '@claimguard/rate-limit';
import {
  IdentityRateLimits,
  limitedEndpoint,
  type RateLimitSettings,
} from './identity-rate-limits.js';

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
          correlationId?: string;
          resource?: string;
        },
    )
    .filter((l) => l.audit);
}

/** A defense switch that tests flip while the server runs, as a runtime switch would. */
function switches(on = true) {
  const state = { on };
  return { state, isOn: (id: DefenseId) => id !== 'rate-limit' || state.on };
}

const SETTINGS: RateLimitSettings = {
  RATE_LIMIT_WINDOW_SECONDS: 60,
  RATE_LIMIT_LOGIN_PER_IP: 3,
  RATE_LIMIT_TOKEN_PER_IP: 2,
  RATE_LIMIT_REDIS_PREFIX: 'unused:',
  TRUSTED_PROXIES: [],
};

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** The limiter in front of a handler that reads the body (as the real routes do) and says 200. */
async function serve(settings: Partial<RateLimitSettings> = {}, defenses = switches()) {
  const log = recordingLogger();
  const limits = new IdentityRateLimits({ ...SETTINGS, ...settings }, defenses, log, {
    store: new MemoryCounterStore(),
    // Mid-window, so Retry-After is predictable: 45 s left of the minute.
    now: () => 1_700_000_055_000,
  });
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    void limits.refuse(req, res, pathname).then((refused) => {
      if (refused) return;
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200).end('ok');
      });
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });
  return { log, post, bodies, defenses };
}

describe('limitedEndpoint', () => {
  it('limits the sign-in form posts and POST /token, nothing else', () => {
    expect(limitedEndpoint('POST', '/interaction/Ab_9-x/login')).toBe('login');
    expect(limitedEndpoint('POST', '/interaction/Ab_9-x/otp')).toBe('login');
    expect(limitedEndpoint('POST', '/interaction/Ab_9-x/enroll')).toBe('login');
    expect(limitedEndpoint('POST', '/interaction/Ab_9-x/enrolment-code')).toBe('login');
    expect(limitedEndpoint('POST', '/token')).toBe('token');
    // Every spelling oidc-provider routes to its token endpoint (case folded, one trailing slash).
    for (const path of ['/TOKEN', '/Token', '/token/', '/TOKEN/']) {
      expect(limitedEndpoint('POST', path)).toBe('token');
    }
    // Not the token endpoint for the provider either: non-ASCII look-alikes, two slashes.
    expect(limitedEndpoint('POST', '/to%C5%BFken')).toBeUndefined();
    expect(limitedEndpoint('POST', '/token//')).toBeUndefined();
    expect(limitedEndpoint('POST', '/TOKEN/introspection')).toBeUndefined();
    expect(limitedEndpoint('GET', '/interaction/Ab_9-x')).toBeUndefined();
    expect(limitedEndpoint('POST', '/interaction/Ab_9-x/abort')).toBeUndefined();
    expect(limitedEndpoint('GET', '/token')).toBeUndefined();
    expect(limitedEndpoint('POST', '/token/introspection')).toBeUndefined();
    expect(limitedEndpoint('POST', '/token/revocation')).toBeUndefined();
  });
});

describe('IdentityRateLimits', () => {
  it('refuses the form post past the budget with an HTML 429, Retry-After and one audit line', async () => {
    const { log, post, bodies } = await serve();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await post('/interaction/uid1/login', `username=u${i}&password=Secret-${i}`);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last?.headers.get('retry-after')).toBe('45');
    expect(last?.headers.get('content-type')).toContain('text/html');
    expect(last?.headers.get('cache-control')).toBe('no-store');
    expect(await last?.text()).toContain('Too many attempts');
    // Refused posts never reached the handler: their bodies were not read.
    expect(bodies).toHaveLength(3);
    const lines = auditLines(log);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      action: 'rate.limited',
      defense: 'rate-limit',
      resource: 'POST /interaction/:uid/login',
    });
    expect(lines[0]?.reason).toContain('login limit of 3 per 60 s exceeded by client 127.0.0.1');
    expect(lines[0]?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(log.warn.mock.calls)).not.toContain('Secret-');
  });

  it('counts every address of one IPv6 /64 against one budget (behind a trusted proxy)', async () => {
    const { post } = await serve({ TRUSTED_PROXIES: ['127.0.0.1'] });
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) {
      const answer = await post('/token', 'grant_type=x', {
        'x-forwarded-for': `2001:db8:5:5::${i}`,
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    const elsewhere = await post('/token', 'grant_type=x', {
      'x-forwarded-for': '2001:db8:5:6::1',
    });
    expect(elsewhere.status).toBe(200);
  });

  it('answers /token with the stable JSON error, on a budget of its own', async () => {
    const { log, post } = await serve();
    for (let i = 0; i < 3; i++) await post('/interaction/uid1/otp', 'code=123456');
    const statuses = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await post('/token', 'grant_type=authorization_code&code=secret-code');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    const body = (await last?.json()) as Record<string, string>;
    expect(body).toMatchObject({ error: 'rate_limited', code: 'IDENTITY.RATE_LIMITED' });
    expect(last?.headers.get('x-correlation-id')).toBe(body.correlationId);
    expect(last?.headers.get('retry-after')).toBe('45');
    const lines = auditLines(log);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ resource: 'POST /token', correlationId: body.correlationId });
    expect(JSON.stringify(log.warn.mock.calls)).not.toContain('secret-code');
  });

  it('does not believe X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const { post } = await serve();
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await post('/interaction/uid1/login', 'username=a&password=b', {
        'x-forwarded-for': `198.51.100.${i}`,
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('counts each forwarded client on its own behind a trusted proxy', async () => {
    const { post } = await serve({ TRUSTED_PROXIES: ['127.0.0.1'] });
    const from = (ip: string) =>
      post('/interaction/uid1/login', 'username=a&password=b', { 'x-forwarded-for': ip });
    const burst = [];
    for (let i = 0; i < 4; i++) burst.push((await from('198.51.100.7')).status);
    expect(burst).toEqual([200, 200, 200, 429]);
    expect((await from('198.51.100.8')).status).toBe(200);
  });

  it('reads the switch on every request: off lets the burst through, on again refuses', async () => {
    const defenses = switches(false);
    const { log, post } = await serve({}, defenses);
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await post('/interaction/uid1/login', 'username=a&password=b')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const off = auditLines(log).filter((l) => l.action === 'defense.off');
    expect(off).toHaveLength(1);
    expect(off[0]?.reason).toContain('let through (defense rate-limit is off)');

    defenses.state.on = true;
    const refused = await post('/interaction/uid1/login', 'username=a&password=b');
    expect(refused.status).toBe(429);
    // Audited although it is not the window's first hit past the budget.
    const limited = auditLines(log).filter((l) => l.action === 'rate.limited');
    expect(limited.map((l) => l.correlationId)).toEqual([refused.headers.get('x-correlation-id')]);
  });
});
