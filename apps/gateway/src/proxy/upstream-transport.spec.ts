import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import type { Logger } from '@claimguard/observability';
import { ensureDevPki, type DevPki } from '@claimguard/testing';
import type { GatewayConfig } from '../config.js';
import { fetchManifest } from '../manifests/fetch-manifest.js';
import { callUpstream } from './upstream.client.js';
import {
  expectedWorkloads,
  trainingCheck,
  upstreamAgent,
  UpstreamTransport,
} from './upstream-transport.js';

let dir: string;
let pki: DevPki;
let claims: Server;
let rogue: Server;
let claimsUrl: string;
let rogueUrl: string;
/** The authorization headers the rogue received: a party token there is the attack's gain. */
const rogueSaw: (string | undefined)[] = [];

const tlsOf = (workload: string, from: () => DevPki = () => pki) => ({
  TLS_CERT_FILE: from().workloads[workload]!.certFile,
  TLS_KEY_FILE: from().workloads[workload]!.keyFile,
  TLS_CA_FILE: from().caFile,
});

/** An mTLS server of our CA holding `workload`'s genuine certificate. */
async function serve(
  workload: string,
  onRequest: (peer: string | undefined, authorization: string | undefined) => void = () => {},
): Promise<{ server: Server; url: string }> {
  const files = pki.workloads[workload]!;
  const server = createServer(
    {
      cert: readFileSync(files.certFile),
      key: readFileSync(files.keyFile),
      ca: readFileSync(pki.caFile),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate().subjectaltname;
      onRequest(peer, req.headers.authorization);
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/route-manifest') {
        res.end(JSON.stringify({ service: 'claims', version: 1, routes: [] }));
        return;
      }
      res.end(JSON.stringify({ peer }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cg-upstream-'));
  pki = await ensureDevPki(join(dir, 'pki'), ['gateway', 'claims', 'towing']);
  ({ server: claims, url: claimsUrl } = await serve('claims'));
  // A compromised towing host bound an address the gateway believes is claims'.
  ({ server: rogue, url: rogueUrl } = await serve('towing', (_peer, authorization) =>
    rogueSaw.push(authorization),
  ));
});

afterAll(async () => {
  await new Promise((resolve) => claims.close(resolve));
  await new Promise((resolve) => rogue.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const get = (url: string, agent: Parameters<typeof callUpstream>[2]) =>
  callUpstream(
    { url, method: 'GET', headers: { authorization: 'Bearer party-token-of-alice' } },
    2000,
    agent,
  );

describe('the gateway upstream agent (defense mtls)', () => {
  it('calls a service on mTLS with the gateway certificate, which the service sees', async () => {
    const agent = upstreamAgent(tlsOf('gateway'), new Map([[claimsUrl, 'claims']]));
    try {
      const answer = await get(`${claimsUrl}/claims`, agent);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body.toString())).toEqual({
        peer: 'URI:spiffe://claimguard.local/gateway, DNS:localhost, IP Address:127.0.0.1',
      });
      const manifest = await fetchManifest('claims', claimsUrl, 2000, agent);
      expect(manifest).toEqual({ service: 'claims', version: 1, routes: [] });
    } finally {
      await agent.close();
    }
  });

  it('is 503 without a client certificate: the service refuses the handshake', async () => {
    const agent = upstreamAgent(
      { TLS_CERT_FILE: undefined, TLS_KEY_FILE: undefined, TLS_CA_FILE: undefined },
      new Map([[claimsUrl, 'claims']]),
    );
    try {
      await expect(get(`${claimsUrl}/claims`, agent)).rejects.toMatchObject({
        code: 'GATEWAY.UPSTREAM_UNAVAILABLE',
      });
    } finally {
      await agent.close();
    }
  });

  it('is 503 against a service whose certificate our CA did not sign', async () => {
    const other = await ensureDevPki(join(dir, 'other'), ['gateway']);
    const agent = upstreamAgent(
      tlsOf('gateway', () => other),
      new Map([[claimsUrl, 'claims']]),
    );
    try {
      await expect(get(`${claimsUrl}/claims`, agent)).rejects.toMatchObject({
        code: 'GATEWAY.UPSTREAM_UNAVAILABLE',
      });
    } finally {
      await agent.close();
    }
  });

  it("refuses another workload's valid certificate at a service's address, sending it nothing", async () => {
    const agent = upstreamAgent(tlsOf('gateway'), new Map([[rogueUrl, 'claims']]));
    const before = rogueSaw.length;
    try {
      const refused = get(`${rogueUrl}/claims`, agent);
      await expect(refused).rejects.toMatchObject({
        code: 'GATEWAY.UPSTREAM_UNAVAILABLE',
        extra: {
          defense: 'mtls',
          audit: {
            defense: 'mtls',
            action: 'authn.failure',
            reason:
              'upstream server identity refused: expected spiffe://claimguard.local/claims, presented spiffe://claimguard.local/towing',
          },
        },
      });
      await expect(fetchManifest('claims', rogueUrl, 2000, agent)).rejects.toThrow();
      expect(rogueSaw.length, 'the rogue received a request').toBe(before);
    } finally {
      await agent.close();
    }
  });

  it('refuses a server at an origin no service owns', async () => {
    const agent = upstreamAgent(tlsOf('gateway'), new Map());
    try {
      await expect(get(`${claimsUrl}/claims`, agent)).rejects.toMatchObject({
        extra: { audit: { defense: 'mtls' } },
      });
    } finally {
      await agent.close();
    }
  });

  it('training path: the rogue answers for claims and receives the party token, audited', async () => {
    const warn = vi.fn();
    const log = { warn, bindings: () => ({ service: 'gateway' }) } as unknown as Logger;
    const agent = upstreamAgent(
      tlsOf('gateway'),
      new Map([[rogueUrl, 'claims']]),
      trainingCheck(log),
    );
    const before = rogueSaw.length;
    try {
      const answer = await get(`${rogueUrl}/claims`, agent);
      expect(answer.status).toBe(200);
      expect(rogueSaw.slice(before)).toEqual(['Bearer party-token-of-alice']);
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({
          audit: true,
          action: 'defense.off',
          defense: 'mtls',
          actor: 'workload towing',
          reason: expect.stringContaining(
            'server identity spiffe://claimguard.local/towing accepted',
          ) as unknown,
        }),
        'audit defense.off',
      );
    } finally {
      await agent.close();
    }
  });
});

describe('UpstreamTransport', () => {
  const config = (url: string) =>
    ({ ...tlsOf('gateway'), SERVICE_URLS: new Map([['claims', url]]) }) as unknown as GatewayConfig;
  const log = { warn: vi.fn(), bindings: () => ({ service: 'gateway' }) } as unknown as Logger;

  it('maps each SERVICE_URLS origin to its service', () => {
    expect([
      ...expectedWorkloads(
        new Map([
          ['claims', 'https://127.0.0.1:7001'],
          ['towing', 'https://127.0.0.1:7002/'],
        ]),
      ),
    ]).toEqual([
      ['https://127.0.0.1:7001', 'claims'],
      ['https://127.0.0.1:7002', 'towing'],
    ]);
  });

  it('checks the server identity while mtls is on, and skips it only while it is off', async () => {
    const on = new UpstreamTransport(config(rogueUrl), DefenseSwitches.allOn(), log);
    const off = new UpstreamTransport(
      config(rogueUrl),
      DefenseSwitches.fromSetting('mtls', 'development'),
      log,
    );
    try {
      await expect(get(`${rogueUrl}/claims`, on.dispatcher)).rejects.toMatchObject({
        extra: { defense: 'mtls' },
      });
      expect((await get(`${rogueUrl}/claims`, off.dispatcher)).status).toBe(200);
    } finally {
      await on.onApplicationShutdown();
      await off.onApplicationShutdown();
    }
  });

  it('has no training path in production', async () => {
    const production = new UpstreamTransport(
      config(rogueUrl),
      DefenseSwitches.fromSetting('', 'production'),
      log,
    );
    try {
      await expect(get(`${rogueUrl}/claims`, production.dispatcher)).rejects.toMatchObject({
        extra: { defense: 'mtls' },
      });
    } finally {
      await production.onApplicationShutdown();
    }
  });
});
