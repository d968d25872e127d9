import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { partyCaller } from '@claimguard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import { createLogger } from '@claimguard/observability';
import { Claim } from '../../../domain/claim.js';
import { HttpPhotoFetcher } from '../../../infrastructure/http-photo-fetcher.js';
import { ClaimsPolicy } from '../../../policies/claims.policy.js';
import { InMemoryClaimRepository } from '../../../testing/in-memory-claim.repository.js';
import { ClaimAccess } from '../../claim-access.js';
import { ClaimPhotoRepository, type ClaimPhoto } from '../../ports/claim-photo.repository.port.js';
import { AttachPhotoCommand } from './attach-photo.command.js';
import { AttachPhotoHandler } from './attach-photo.handler.js';

const CORRELATION = '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c';
const alice = partyCaller({ kind: 'member', id: 'M-100001' }, ['claims:read', 'claims:write']);
const bob = partyCaller({ kind: 'member', id: 'M-100002' }, ['claims:read', 'claims:write']);

class Photos extends ClaimPhotoRepository {
  readonly added: ClaimPhoto[] = [];
  count(claimId: string): Promise<number> {
    return Promise.resolve(this.added.filter((p) => p.claimId === claimId).length);
  }
  async addWithin(photo: ClaimPhoto, max: number): Promise<boolean> {
    if ((await this.count(photo.claimId)) >= max) return false;
    this.added.push(photo);
    return true;
  }
}

/** An "internal" endpoint on loopback: what an SSRF reaches. */
let internal: Server;
let internalUrl: string;
/** How many requests the internal endpoint has answered. */
let internalHits = 0;
beforeAll(async () => {
  internal = createServer((req, res) => {
    internalHits++;
    if (req.url === '/trickle') {
      // A byte every 100 ms for 4 s: never idle long, and slow in all.
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed || ++sent > 40) {
          clearInterval(timer);
          res.end();
          return;
        }
        res.write('x');
      }, 100);
      return;
    }
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://127.0.0.1/' }).end();
      return;
    }
    if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.alloc(2048));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end('internal_metric 1\n');
  });
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => internal.close(() => resolve())));

async function setup(
  off = '',
  allowedHosts: string[] = [],
  limits: { timeoutMs?: number; maxPerClaim?: number } = {},
) {
  const defenses = DefenseSwitches.fromSetting(off, 'test');
  const claims = new InMemoryClaimRepository();
  const { claim, event } = Claim.file(
    {
      vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
      lossDate: new Date().toISOString().slice(0, 10),
      location: { city: 'San Antonio', state: 'TX', postalCode: '78205' },
      description: 'Rear-ended.',
      needsTow: false,
      needsRental: false,
    },
    { id: '0b9d6c1e-8a8e-4a43-9d5e-6f1f2a3b4c5d', memberId: 'M-100001', now: new Date() },
  );
  await claims.add(claim, [event], { correlationId: CORRELATION });
  const log = createLogger('claims-test', 'silent');
  const warn = vi.spyOn(log, 'warn');
  const policy = ClaimsPolicy.load(defenses);
  const photos = new Photos();
  const fetcher = new HttpPhotoFetcher({
    PHOTO_FETCH_TIMEOUT_MS: limits.timeoutMs ?? 2000,
    PHOTO_MAX_BYTES: 1024,
    PHOTO_TEST_HOSTS: new Map(),
    PHOTO_TEST_PUBLIC_ADDRESSES: [],
  });
  const handler = new AttachPhotoHandler(
    new ClaimAccess(claims, policy, log),
    photos,
    fetcher,
    log,
    {
      defenses,
      PHOTO_URL_ALLOWED_HOSTS: allowedHosts,
      PHOTO_MAX_PER_CLAIM: limits.maxPerClaim ?? 20,
    },
  );
  const attach = (url: string, caller = alice) =>
    handler.execute(new AttachPhotoCommand(caller, claim.id, url, CORRELATION));
  return { attach, photos, warn };
}

describe('AttachPhotoHandler', () => {
  it.each([
    ['http loopback', () => `${internalUrl}/metrics`, 'not https'],
    ['https IP literal', () => 'https://127.0.0.1/metrics', 'an IP address instead of a host name'],
    ['decimal IP', () => 'https://2130706433/', 'an IP address instead of a host name'],
    ['host off the list', () => 'https://localhost/', 'host not on the allow-list'],
  ])(
    'refuses a %s URL with CLAIMS.PHOTO_URL_REFUSED, audited, fetching nothing',
    async (_, url, reason) => {
      const { attach, photos, warn } = await setup('', ['photos.example.com']);
      await expect(attach(url())).rejects.toMatchObject({
        code: 'CLAIMS.PHOTO_URL_REFUSED',
        status: 422,
        details: [{ path: 'url', message: reason }],
      });
      expect(photos.added).toHaveLength(0);
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({
          audit: true,
          action: 'authz.denied',
          defense: 'ssrf',
          sub: alice.sub,
          correlationId: CORRELATION,
        }),
        'audit authz.denied',
      );
    },
  );

  it('refuses an allow-listed host that resolves to an internal address (checked at fetch time)', async () => {
    const { attach } = await setup('', ['localhost']);
    await expect(attach('https://localhost/photo.jpg')).rejects.toMatchObject({
      code: 'CLAIMS.PHOTO_URL_REFUSED',
      details: [{ path: 'url', message: 'host resolves to an internal address' }],
    });
  });

  it("does not let a member attach photos to another member's claim", async () => {
    const { attach } = await setup('ssrf');
    await expect(attach(`${internalUrl}/metrics`, bob)).rejects.toMatchObject({
      code: 'CLAIMS.CLAIM_NOT_FOUND',
    });
  });

  it('fetches an internal URL while ssrf is off (training), recording status, type and size, audited defense.off', async () => {
    const { attach, photos, warn } = await setup('ssrf');
    const photo = await attach(`${internalUrl}/metrics`);
    expect(photo).toMatchObject({
      httpStatus: 200,
      contentType: 'text/plain; version=0.0.4',
      sizeBytes: 'internal_metric 1\n'.length,
      addedBy: alice.sub,
    });
    expect(photos.added).toEqual([photo]);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'defense.off', defense: 'ssrf', sub: alice.sub }),
      'audit defense.off',
    );
  });

  it('gives up a fetch at its deadline even when the server never goes idle (a byte every 100 ms)', async () => {
    const { attach, photos } = await setup('ssrf', [], { timeoutMs: 500 });
    await expect(attach(`${internalUrl}/trickle`)).rejects.toMatchObject({
      code: 'CLAIMS.PHOTO_URL_REFUSED',
      details: [{ path: 'url', message: 'slower than the time limit' }],
    });
    expect(photos.added).toHaveLength(0);
  });

  it('holds at most PHOTO_MAX_PER_CLAIM photos per claim, refusing the next one before any fetch', async () => {
    const { attach, photos } = await setup('ssrf', [], { maxPerClaim: 2 });
    await attach(`${internalUrl}/metrics`);
    await attach(`${internalUrl}/metrics`);
    const hitsBefore = internalHits;
    await expect(attach(`${internalUrl}/metrics`)).rejects.toMatchObject({
      code: 'CLAIMS.PHOTO_LIMIT_REACHED',
      status: 409,
    });
    expect(internalHits).toBe(hitsBefore);
    expect(photos.added).toHaveLength(2);
  });

  it('keeps the size cap even while ssrf is off', async () => {
    const { attach } = await setup('ssrf');
    await expect(attach(`${internalUrl}/big`)).rejects.toMatchObject({
      details: [{ path: 'url', message: 'larger than the size cap' }],
    });
  });
});
