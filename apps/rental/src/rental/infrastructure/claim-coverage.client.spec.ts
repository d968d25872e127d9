import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import type { Logger } from '@claimguard/observability';
import { ensureDevPki, type DevPki } from '@claimguard/testing';
import type { RentalConfig } from '../../config.js';
import { HttpClaimCoverageGateway } from './claim-coverage.client.js';

let dir: string;
let pki: DevPki;
let identity: HttpServer;
let identityUrl: string;
const servers: Server[] = [];
const COVERAGE = { claimId: 'c1', needsRental: true, status: 'FILED' };

/** An mTLS server of our CA holding `workload`'s genuine certificate; records what it was sent. */
async function serve(workload: string, saw: (string | undefined)[]): Promise<string> {
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
      saw.push(req.headers.authorization);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(COVERAGE));
    },
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cg-coverage-'));
  pki = await ensureDevPki(join(dir, 'pki'), ['rental', 'claims', 'towing']);
  // Identity's token endpoint, standing in: every exchange yields the same token.
  identity = createHttpServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ access_token: 'exchanged-token-of-heidi' }));
  });
  await new Promise<void>((resolve) => identity.listen(0, '127.0.0.1', resolve));
  identityUrl = `http://127.0.0.1:${(identity.address() as AddressInfo).port}/token`;
});

afterAll(async () => {
  await new Promise((resolve) => identity.close(resolve));
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function client(claimsUrl: string, defenses: DefenseSwitches) {
  const warn = vi.fn();
  const log = {
    warn,
    info: vi.fn(),
    bindings: () => ({ service: 'rental' }),
  } as unknown as Logger;
  const files = pki.workloads.rental!;
  const config = {
    CLAIMS_URL: claimsUrl,
    IDENTITY_TOKEN_URL: identityUrl,
    RENTAL_CLIENT_SECRET: 'x'.repeat(32),
    TLS_CERT_FILE: files.certFile,
    TLS_KEY_FILE: files.keyFile,
    TLS_CA_FILE: pki.caFile,
    defenses,
  } as unknown as RentalConfig;
  return { gateway: new HttpClaimCoverageGateway(config, log), warn };
}

const audits = (warn: ReturnType<typeof vi.fn>) =>
  warn.mock.calls.map(([line]) => line as Record<string, unknown>).filter((l) => l.audit === true);

describe("rental's coverage call to claims (defense mtls: server identity)", () => {
  it('asks claims when the server is claims', async () => {
    const saw: (string | undefined)[] = [];
    const { gateway } = client(await serve('claims', saw), DefenseSwitches.allOn());
    try {
      await expect(gateway.coverageFor('c1', 'party', 'corr-1')).resolves.toEqual(COVERAGE);
      expect(saw).toEqual(['Bearer exchanged-token-of-heidi']);
    } finally {
      gateway.onApplicationShutdown();
    }
  });

  it("refuses towing's valid certificate at claims' address and sends it no token, audited", async () => {
    const saw: (string | undefined)[] = [];
    const { gateway, warn } = client(await serve('towing', saw), DefenseSwitches.allOn());
    try {
      await expect(gateway.coverageFor('c1', 'party', 'corr-2')).rejects.toMatchObject({
        code: 'RENTAL.COVERAGE_UNAVAILABLE',
      });
      expect(saw).toEqual([]);
      expect(audits(warn)).toEqual([
        expect.objectContaining({
          action: 'authn.failure',
          defense: 'mtls',
          correlationId: 'corr-2',
          reason:
            'upstream server identity refused: expected spiffe://claimguard.local/claims, presented spiffe://claimguard.local/towing',
        }),
      ]);
    } finally {
      gateway.onApplicationShutdown();
    }
  });

  it('training path (mtls off): the rogue receives the exchanged token, audited as defense.off', async () => {
    const saw: (string | undefined)[] = [];
    const { gateway, warn } = client(
      await serve('towing', saw),
      DefenseSwitches.fromSetting('mtls', 'development'),
    );
    try {
      await expect(gateway.coverageFor('c1', 'party', 'corr-3')).resolves.toEqual(COVERAGE);
      expect(saw).toEqual(['Bearer exchanged-token-of-heidi']);
      expect(audits(warn)).toEqual([
        expect.objectContaining({
          action: 'defense.off',
          defense: 'mtls',
          actor: 'workload towing',
        }),
      ]);
    } finally {
      gateway.onApplicationShutdown();
    }
  });
});
