import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DefenseSwitches } from '@claimguard/config';
import type { Logger } from '@claimguard/observability';
import { createGateway } from './bootstrap.js';
import { GatewayEnvSchema } from './config.js';

/**
 * The edge behaviour that needs no identity and no service: both are absent (nothing listens on
 * their ports), which is also how the gateway must behave when they are down.
 */
const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
const log = Object.fromEntries(levels.map((l) => [l, vi.fn()])) as unknown as Logger &
  Record<(typeof levels)[number], ReturnType<typeof vi.fn>>;

let dir: string;
let app: NestFastifyApplication;
let port: number;
let switches: DefenseSwitches;

/** GET with the path sent byte for byte (fetch and inject would normalize `..` away). */
function rawGet(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: JSON.parse(text) as Record<string, unknown>,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-boot-'));
  const config = GatewayEnvSchema.parse({
    NODE_ENV: 'test',
    IDENTITY_ISSUER: 'http://127.0.0.1:9',
    INTROSPECTION_CLIENT_SECRET: 'x',
    SERVICE_URLS: 'claims=http://127.0.0.1:9',
    KEYS_DIR: dir,
  });
  switches = DefenseSwitches.fromSetting('', 'test');
  app = await createGateway(config, switches, log);
  await app.listen(0, '127.0.0.1');
  port = (app.getHttpServer().address() as AddressInfo).port;
});
afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('gateway edge without identity', () => {
  it('serves /healthz with the edge headers and its own correlation id', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-correlation-id': 'client-chosen' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['x-correlation-id']).toMatch(UUID);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a request without a bearer 401 with an RFC 6750 challenge and audits it', async () => {
    log.warn.mockClear();
    const res = await app.inject({ method: 'GET', url: '/api/claims/123' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="claimguard"');
    const body = res.json();
    expect(body).toEqual({
      code: 'AUTH.TOKEN_MISSING',
      message: expect.any(String),
      correlationId: res.headers['x-correlation-id'],
    });
    expect(log.warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'authn.failure',
        correlationId: body.correlationId,
      }),
      expect.any(String),
    );
  });

  it('refuses a CORS preflight from a foreign origin with 403 and an audit line, no CORS headers', async () => {
    log.warn.mockClear();
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/api/claims',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('GATEWAY.CORS_ORIGIN_DENIED');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(log.warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'authz.denied',
        defense: 'cors',
        correlationId: res.headers['x-correlation-id'],
      }),
      expect.any(String),
    );
  });

  it('with defense cors off reflects any origin with credentials and drops the hardening headers', async () => {
    switches.apply(['cors'], switches.version + 1);
    try {
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/api/claims',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE' },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://evil.example');
      expect(preflight.headers['access-control-allow-credentials']).toBe('true');
      expect(preflight.headers['access-control-allow-methods']).toBe('DELETE');
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      expect(health.headers['cache-control']).toBeUndefined();
      expect(health.headers['x-content-type-options']).toBeUndefined();
    } finally {
      switches.apply([], switches.version + 1);
    }
    const after = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://evil.example' },
    });
    expect(after.headers['access-control-allow-origin']).toBeUndefined();
    expect(after.headers['cache-control']).toBe('no-store');
  });

  it('answers 401 before revealing whether a route exists', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nosuchservice/x' });
    expect(res.statusCode).toBe(401);
  });

  it('answers 503, not 500, when identity cannot be reached', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/claims/123',
      headers: { authorization: 'Bearer some-opaque-token' },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('GATEWAY.UPSTREAM_UNAVAILABLE');
    expect(JSON.stringify(log.warn.mock.calls)).not.toContain('some-opaque-token');
  });

  it.each([
    '/api/claims/../identity',
    '/api/claims/%2e%2e/x',
    '/api/claims/%2E%2e/x',
    '/api/claims/a%2fb',
    '/api//claims',
    '/api/claims/a%5cb',
    '/api/claims\\..\\x',
    '/api/claims/./x',
  ])(
    'refuses the traversal path %s with 400 REQUEST.MALFORMED before any token check',
    async (path) => {
      const res = await rawGet(path);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('REQUEST.MALFORMED');
    },
  );

  it('answers an undecodable URL with our error body', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/claims/%zz' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'REQUEST.MALFORMED',
      correlationId: expect.stringMatching(UUID),
    });
  });

  it('answers a request line and headers over 16 KiB with 431 REQUEST.HEADERS_TOO_LARGE in our error body', async () => {
    const res = await rawGet('/api/claims', { 'x-padding': 'a'.repeat(20_000) });
    expect(res.status).toBe(431);
    expect(res.body).toEqual({
      code: 'REQUEST.HEADERS_TOO_LARGE',
      message: expect.any(String),
      correlationId: res.headers['x-correlation-id'],
    });
    expect(res.headers['x-correlation-id']).toMatch(UUID);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a request target the HTTP parser refuses (a DEL byte) with 400 REQUEST.MALFORMED in our error body', async () => {
    const res = await rawGet('/api/claims?a=\x7f');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 'REQUEST.MALFORMED',
      message: 'The request is not valid HTTP',
      correlationId: res.headers['x-correlation-id'],
    });
  });

  it('refuses a body over 1 MiB with 413 REQUEST.TOO_LARGE', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/claims',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ blob: 'a'.repeat(1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('REQUEST.TOO_LARGE');
  });

  it('refuses a JSON body nested deeper than 64 levels with 400 REQUEST.MALFORMED, not a 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/claims',
      headers: { 'content-type': 'application/json' },
      payload: '['.repeat(5000) + ']'.repeat(5000),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'REQUEST.MALFORMED',
      message: 'The JSON body nests deeper than 64 levels',
    });
  });

  it('still refuses prototype poisoning in a JSON body', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/claims',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__":{"admin":true}}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('REQUEST.MALFORMED');
  });

  it('refuses a training-sync body on a service route with 400 instead of forwarding its bytes', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/claims/1/consents',
      headers: {
        'content-type': 'application/vnd.claimguard.training-sync+json',
        authorization: 'Bearer some-opaque-token',
      },
      payload: '{"shopId":"S-01"}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'REQUEST.MALFORMED',
      message: 'Only application/json request bodies are accepted',
    });
  });

  it('refuses bodies that are not JSON, and broken JSON', async () => {
    const form = await app.inject({
      method: 'POST',
      url: '/api/claims',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=b',
    });
    expect(form.statusCode).toBe(400);
    expect(form.json().code).toBe('REQUEST.MALFORMED');
    const broken = await app.inject({
      method: 'POST',
      url: '/api/claims',
      headers: { 'content-type': 'application/json' },
      payload: '{bad',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('REQUEST.MALFORMED');
  });

  it('answers a path outside the API with 404 GATEWAY.ROUTE_NOT_FOUND', async () => {
    const res = await app.inject({ method: 'GET', url: '/admin' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'GATEWAY.ROUTE_NOT_FOUND', message: 'No such route' });
  });

  it('reports the defenses without a token', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/_meta/defenses' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mode: 'secure', off: [] });
  });

  it('serves the public JWKS', async () => {
    const res = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(res.json().keys[0].d).toBeUndefined();
  });
});
