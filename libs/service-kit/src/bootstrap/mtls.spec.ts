import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PartyAuthModule, RequireScopes } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import { RouteManifestSchema, SPIFFE_TRUST_DOMAIN } from '@claimguard/contracts';
import type { SqlExecutor } from '@claimguard/messaging';
import type { Logger } from '@claimguard/observability';
import {
  createTokenIssuer,
  ensureDevPki,
  type DevPki,
  type TokenIssuer,
} from '@claimguard/testing';
import { routeCallers } from '../manifest/route-callers.js';
import { ServicePlatformModule } from '../platform/service-platform.module.js';
import { createServiceApp } from './create-service-app.js';

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
const fakeLogger = () =>
  Object.fromEntries(levels.map((l) => [l, vi.fn()])) as unknown as Logger &
    Record<(typeof levels)[number], ReturnType<typeof vi.fn>>;

const MANIFEST = RouteManifestSchema.parse({
  service: 'demo',
  version: 1,
  routes: [
    { method: 'GET', path: '/demo/items', scopes: ['claims:read'] },
    {
      method: 'GET',
      path: '/demo/shared',
      scopes: ['claims:read'],
      callers: ['gateway', 'towing'],
    },
  ],
});

@Injectable()
class FakeDatabase {
  $queryRawUnsafe<T>(): Promise<T> {
    return Promise.resolve([] as T);
  }
  $executeRawUnsafe(): Promise<number> {
    return Promise.resolve(0);
  }
  $transaction<R>(fn: (tx: SqlExecutor) => Promise<R>): Promise<R> {
    return fn(this);
  }
}

@Controller('demo')
class DemoController {
  @RequireScopes('claims:read')
  @Get('items')
  items(): { items: string[] } {
    return { items: [] };
  }

  @RequireScopes('claims:read')
  @Get('shared')
  shared(): { shared: true } {
    return { shared: true };
  }
}

const mtlsOff = DefenseSwitches.fromSetting('mtls', 'test');

let dir: string;
let pki: DevPki;
let foreign: DevPki;
let issuer: TokenIssuer;
let token: string;

async function boot(defenses: DefenseSwitches) {
  const logger = fakeLogger();
  @Module({
    imports: [
      ServicePlatformModule.forRoot({
        config: { provide: 'DEMO_CONFIG', useValue: {} },
        logger,
        manifest: MANIFEST,
        database: FakeDatabase,
      }),
      PartyAuthModule.forRoot({
        service: 'demo',
        issuer: issuer.issuer,
        jwksUrl: issuer.jwksUrl,
        defenses,
        logger,
        callers: { tls: true, trustDomain: SPIFFE_TRUST_DOMAIN, callersOf: routeCallers(MANIFEST) },
      }),
    ],
    controllers: [DemoController],
  })
  class DemoModule {}
  const files = pki.workloads.demo!;
  const app: NestFastifyApplication = await createServiceApp(DemoModule, {
    logger,
    defenses,
    tls: { TLS_CERT_FILE: files.certFile, TLS_KEY_FILE: files.keyFile, TLS_CA_FILE: pki.caFile },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, logger, port };
}

type Answer = { status: number; body: Record<string, unknown> } | { error: string };

/**
 * One https request (GET unless `method` says otherwise) as `workload` (its certificate from
 * `from`), or without a client certificate.
 */
function call(
  port: number,
  path: string,
  options: { as?: string; from?: DevPki; token?: string; method?: string } = {},
): Promise<Answer> {
  const files = options.as ? (options.from ?? pki).workloads[options.as] : undefined;
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        ca: readFileSync(pki.caFile),
        ...(files ? { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) } : {}),
        headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
        agent: false,
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            // A HEAD answer has no body.
            body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message }),
    );
    req.end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cg-mtls-'));
  pki = await ensureDevPki(join(dir, 'pki'), ['demo', 'gateway', 'towing', 'ops']);
  foreign = await ensureDevPki(join(dir, 'foreign'), ['gateway']);
  issuer = await createTokenIssuer();
  token = await issuer.mint({
    aud: 'demo',
    party: { kind: 'member', id: 'M-100001' },
    scope: 'claims:read',
  });
});

afterAll(async () => {
  await issuer.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a service on mTLS (defense mtls on)', () => {
  let service: Awaited<ReturnType<typeof boot>>;
  beforeAll(async () => {
    service = await boot(DefenseSwitches.allOn());
  });
  afterAll(() => service.app.close());

  it('serves the gateway that presents its certificate and a party token', async () => {
    const answer = await call(service.port, '/demo/items', { as: 'gateway', token });
    expect(answer).toEqual({ status: 200, body: { items: [] } });
  });

  it('looks HEAD up under the GET route: its own callers list, not the default', async () => {
    // towing is listed on GET /demo/shared only, and not on GET /demo/items.
    expect(
      await call(service.port, '/demo/shared', { as: 'towing', token, method: 'HEAD' }),
    ).toMatchObject({ status: 200 });
    expect(
      await call(service.port, '/demo/items', { as: 'towing', token, method: 'HEAD' }),
    ).toMatchObject({ status: 403 });
  });

  it('refuses the right certificate without a party token (401)', async () => {
    const answer = await call(service.port, '/demo/items', { as: 'gateway' });
    expect(answer).toMatchObject({ status: 401, body: { code: 'AUTH.TOKEN_MISSING' } });
  });

  it('refuses a party token from another service certificate not on the route allow-list, with an audit line', async () => {
    const answer = await call(service.port, '/demo/items', { as: 'towing', token });
    expect(answer).toMatchObject({ status: 403, body: { code: 'AUTH.CALLER_FORBIDDEN' } });
    expect(service.logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'authz.denied',
        defense: 'mtls',
        reason: expect.stringContaining('caller towing is not allowed on GET /demo/items'),
      }),
      'audit authz.denied',
    );
    // The route that lists towing lets it in.
    expect(await call(service.port, '/demo/shared', { as: 'towing', token })).toMatchObject({
      status: 200,
    });
  });

  it('checks the caller before the token: a wrong certificate without a token is 403, not 401', async () => {
    const answer = await call(service.port, '/demo/items', { as: 'towing' });
    expect(answer).toMatchObject({ status: 403, body: { code: 'AUTH.CALLER_FORBIDDEN' } });
  });

  it('lets ops and the gateway reach /healthz and the manifest, and ops nothing else', async () => {
    expect(await call(service.port, '/healthz', { as: 'ops' })).toMatchObject({ status: 200 });
    expect(
      await call(service.port, '/.well-known/route-manifest', { as: 'gateway' }),
    ).toMatchObject({ status: 200 });
    expect(await call(service.port, '/healthz', { as: 'towing' })).toMatchObject({ status: 403 });
    expect(await call(service.port, '/demo/items', { as: 'ops', token })).toMatchObject({
      status: 403,
    });
  });

  it('fails the handshake of a caller without a certificate or with one from another CA', async () => {
    const bare = await call(service.port, '/demo/items', { token });
    expect(bare).toHaveProperty('error');
    const stranger = await call(service.port, '/demo/items', {
      as: 'gateway',
      from: foreign,
      token,
    });
    expect(stranger).toHaveProperty('error');
  });
});

describe('a service on TLS with defense mtls off (training)', () => {
  it('lets a caller without a certificate through to the party-token guard and audits it as defense.off', async () => {
    const service = await boot(mtlsOff);
    try {
      const answer = await call(service.port, '/demo/items', { token });
      expect(answer).toEqual({ status: 200, body: { items: [] } });
      expect(await call(service.port, '/demo/items', {})).toMatchObject({ status: 401 });
      expect(service.logger.warn).toHaveBeenCalledWith(
        expect.objectContaining({ action: 'defense.off', defense: 'mtls' }),
        'audit defense.off',
      );
    } finally {
      await service.app.close();
    }
  });
});

describe('the mtls switch flipped at runtime', () => {
  it('applies to the next connection, without a restart, and audits each refusal', async () => {
    const switches = DefenseSwitches.allOn();
    const service = await boot(switches);
    try {
      expect(await call(service.port, '/demo/items', { token })).toHaveProperty('error');
      expect(service.logger.warn).toHaveBeenCalledWith(
        expect.objectContaining({ action: 'authn.failure', defense: 'mtls' }),
        'audit authn.failure',
      );
      switches.apply(['mtls'], 1);
      expect(await call(service.port, '/demo/items', { token })).toEqual({
        status: 200,
        body: { items: [] },
      });
      switches.apply([], 2);
      expect(await call(service.port, '/demo/items', { token })).toHaveProperty('error');
      expect(await call(service.port, '/demo/items', { as: 'gateway', token })).toMatchObject({
        status: 200,
      });
    } finally {
      await service.app.close();
    }
  });
});
