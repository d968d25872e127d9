import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevPki, type DevPki } from '@claimguard/testing';
import { fetchManifest } from '../manifests/fetch-manifest.js';
import { callUpstream } from './upstream.client.js';
import { upstreamAgent } from './upstream-transport.js';

let dir: string;
let pki: DevPki;
let server: Server;
let url: string;

const tlsOf = (workload: string, from: () => DevPki = () => pki) => ({
  TLS_CERT_FILE: from().workloads[workload]!.certFile,
  TLS_KEY_FILE: from().workloads[workload]!.keyFile,
  TLS_CA_FILE: from().caFile,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cg-upstream-'));
  pki = await ensureDevPki(join(dir, 'pki'), ['gateway', 'claims']);
  const claims = pki.workloads.claims!;
  // A service on mTLS: answers with the SAN of the client certificate it verified.
  server = createServer(
    {
      cert: readFileSync(claims.certFile),
      key: readFileSync(claims.keyFile),
      ca: readFileSync(pki.caFile),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/route-manifest') {
        res.end(JSON.stringify({ service: 'claims', version: 1, routes: [] }));
        return;
      }
      res.end(JSON.stringify({ peer: peer.subjectaltname }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('the gateway upstream agent (defense mtls)', () => {
  it('calls a service on mTLS with the gateway certificate, which the service sees', async () => {
    const agent = upstreamAgent(tlsOf('gateway'));
    try {
      const answer = await callUpstream(
        { url: `${url}/claims`, method: 'GET', headers: {} },
        2000,
        agent,
      );
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body.toString())).toEqual({
        peer: 'URI:spiffe://claimguard.local/gateway, DNS:localhost, IP Address:127.0.0.1',
      });
      const manifest = await fetchManifest('claims', url, 2000, agent);
      expect(manifest).toEqual({ service: 'claims', version: 1, routes: [] });
    } finally {
      await agent.close();
    }
  });

  it('is 503 without a client certificate: the service refuses the handshake', async () => {
    const agent = upstreamAgent({
      TLS_CERT_FILE: undefined,
      TLS_KEY_FILE: undefined,
      TLS_CA_FILE: undefined,
    });
    try {
      await expect(
        callUpstream({ url: `${url}/claims`, method: 'GET', headers: {} }, 2000, agent),
      ).rejects.toMatchObject({ code: 'GATEWAY.UPSTREAM_UNAVAILABLE' });
    } finally {
      await agent.close();
    }
  });

  it('is 503 against a service whose certificate our CA did not sign', async () => {
    const other = await ensureDevPki(join(dir, 'other'), ['gateway']);
    const agent = upstreamAgent(tlsOf('gateway', () => other));
    try {
      await expect(
        callUpstream({ url: `${url}/claims`, method: 'GET', headers: {} }, 2000, agent),
      ).rejects.toMatchObject({ code: 'GATEWAY.UPSTREAM_UNAVAILABLE' });
    } finally {
      await agent.close();
    }
  });
});
