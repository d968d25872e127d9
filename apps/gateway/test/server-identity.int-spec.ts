import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DefenseSwitches } from '@claimguard/config';
import { DEMO_PERSONAS, type RouteManifest } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import {
  appDir,
  ensureDevPki,
  freePort,
  migrateDatabase,
  oidcLogin,
  resetDatabase,
  startApp,
  type DevPki,
  type RunningApp,
} from '@claimguard/testing';
import { createGateway } from '../src/bootstrap.js';
import { GatewayEnvSchema } from '../src/config.js';

/**
 * Defense `mtls`, the server's side (issue 12 item 8): a compromised towing host binds the address
 * the gateway has for claims, holding towing's GENUINE certificate of our CA (so the chain
 * verifies, and `DNS:localhost`/`IP:127.0.0.1` match like every workload's). A real gateway, in
 * process, against the real identity and alice's real login. With the defense on, the gateway
 * refuses the server (it is not `spiffe://claimguard.local/claims`) and sends it nothing, audited
 * with the request's correlation id; with it off (training) the rogue receives alice's party
 * token, which the gateway's own JWKS verifies.
 */
const API_AUDIENCE = 'https://api.claimguard.local';
const ALICE = DEMO_PERSONAS.find((p) => p.username === 'alice')!;
const CLI_REDIRECT_URI = 'http://127.0.0.1:8765/callback';

const rogueManifest: RouteManifest = {
  service: 'claims',
  version: 1,
  routes: [{ method: 'GET', path: '/claims', scopes: ['claims:read'] }],
};

let dir: string;
let pki: DevPki;
let identity: RunningApp;
let gatewaySecret: string;
let rogue: Server;
let rogueUrl: string;
/** What reached the rogue: the manifest fetches and the proxied requests' bearer tokens. */
const rogueSaw: { url: string; authorization?: string }[] = [];

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
function recordingLogger() {
  return Object.fromEntries(levels.map((l) => [l, vi.fn()])) as unknown as Logger &
    Record<(typeof levels)[number], ReturnType<typeof vi.fn>>;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-srvid-it-'));
  pki = await ensureDevPki(join(dir, 'pki'), ['gateway', 'claims', 'towing']);
  gatewaySecret = randomBytes(32).toString('base64url');
  const databaseUrl = await resetDatabase('claimguard_it_srvid_identity');
  await migrateDatabase(appDir('identity'), databaseUrl);
  const port = await freePort();
  identity = await startApp('identity', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    ISSUER: `http://127.0.0.1:${port}`,
    DATABASE_URL: databaseUrl,
    KEYS_DIR: dir,
    API_AUDIENCE,
    WEB_CLIENT_SECRET: randomBytes(32).toString('base64url'),
    GATEWAY_CLIENT_SECRET: gatewaySecret,
    WEB_REDIRECT_URIS: 'http://localhost:3000/auth/callback',
    CLI_REDIRECT_URIS: CLI_REDIRECT_URI,
    SEED_DEMO_USERS: 'true',
    RATE_LIMIT_LOGIN_PER_IP: '10000',
    RATE_LIMIT_TOKEN_PER_IP: '10000',
  });
  const towing = pki.workloads.towing!;
  rogue = createServer(
    {
      cert: readFileSync(towing.certFile),
      key: readFileSync(towing.keyFile),
      ca: readFileSync(pki.caFile),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      rogueSaw.push({
        url: req.url ?? '',
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(req.url === '/.well-known/route-manifest' ? rogueManifest : { items: [] }),
      );
    },
  );
  await new Promise<void>((resolve) => rogue.listen(0, '127.0.0.1', resolve));
  rogueUrl = `https://127.0.0.1:${(rogue.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await identity?.stop();
  await new Promise((resolve) => rogue?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function bootGateway(switches: DefenseSwitches) {
  const port = await freePort();
  const gateway = pki.workloads.gateway!;
  const config = GatewayEnvSchema.parse({
    NODE_ENV: 'test',
    PORT: String(port),
    GATEWAY_ISSUER: `http://127.0.0.1:${port}`,
    IDENTITY_ISSUER: identity.url,
    API_AUDIENCE,
    INTROSPECTION_CLIENT_SECRET: gatewaySecret,
    // The address the gateway has for claims is the rogue's.
    SERVICE_URLS: `claims=${rogueUrl}`,
    KEYS_DIR: dir,
    TLS_CERT_FILE: gateway.certFile,
    TLS_KEY_FILE: gateway.keyFile,
    TLS_CA_FILE: pki.caFile,
  });
  const log = recordingLogger();
  const app: NestFastifyApplication = await createGateway(config, switches, log);
  await app.listen(port, '127.0.0.1');
  return { app, log, url: `http://127.0.0.1:${port}` };
}

async function aliceToken(): Promise<string> {
  const tokens = await oidcLogin({
    issuer: identity.url,
    clientId: 'claimguard-cli',
    redirectUri: CLI_REDIRECT_URI,
    username: ALICE.username,
    password: ALICE.password,
    scope: 'openid claims:read',
  });
  return tokens.access_token;
}

const auditLines = (log: ReturnType<typeof recordingLogger>) =>
  log.warn.mock.calls
    .map(([line]) => line as Record<string, unknown>)
    .filter((line) => line.audit === true);

describe('the gateway checks the server identity of the service it calls (defense mtls)', () => {
  it("sends alice's party token to the rogue only while the defense is off, and refuses it after", async () => {
    const switches = DefenseSwitches.allOn();
    const gateway = await bootGateway(switches);
    const token = await aliceToken();
    const ask = () =>
      fetch(`${gateway.url}/api/claims`, { headers: { authorization: `Bearer ${token}` } });
    try {
      // On: the manifest fetch is refused at the handshake, so nothing reaches the rogue.
      const refused = await ask();
      const correlationId = refused.headers.get('x-correlation-id');
      expect({ status: refused.status, body: await refused.json() }).toMatchObject({
        status: 503,
        body: { code: 'GATEWAY.UPSTREAM_UNAVAILABLE' },
      });
      expect(rogueSaw).toEqual([]);
      expect(auditLines(gateway.log)).toContainEqual(
        expect.objectContaining({
          action: 'authn.failure',
          defense: 'mtls',
          correlationId,
          reason:
            'upstream server identity refused: expected spiffe://claimguard.local/claims, presented spiffe://claimguard.local/towing',
        }),
      );

      // Off (training): the rogue answers as claims and captures alice's party token.
      expect(switches.apply(['mtls'], switches.version + 1)).not.toBeNull();
      const served = await ask();
      expect(served.status).toBe(200);
      const captured = rogueSaw
        .find((r) => r.authorization)
        ?.authorization?.slice('Bearer '.length);
      expect(captured).toBeDefined();
      const jwks = createRemoteJWKSet(new URL(`${gateway.url}/.well-known/jwks.json`));
      const { payload } = await jwtVerify(captured!, jwks, { audience: 'claims' });
      expect(payload.party).toEqual(ALICE.party);
      expect(auditLines(gateway.log)).toContainEqual(
        expect.objectContaining({
          action: 'defense.off',
          defense: 'mtls',
          actor: 'workload towing',
        }),
      );

      // On again: the manifest is cached now, so the proxy call itself is refused — and no
      // connection opened while the defense was off is reused.
      expect(switches.apply([], switches.version + 1)).not.toBeNull();
      const before = rogueSaw.length;
      const again = await ask();
      expect(again.status).toBe(503);
      expect(rogueSaw.length).toBe(before);
      expect(auditLines(gateway.log)).toContainEqual(
        expect.objectContaining({
          action: 'authn.failure',
          defense: 'mtls',
          correlationId: again.headers.get('x-correlation-id'),
          sub: expect.any(String) as unknown,
          party: ALICE.party,
        }),
      );
    } finally {
      await gateway.app.close();
    }
  }, 60_000);
});
