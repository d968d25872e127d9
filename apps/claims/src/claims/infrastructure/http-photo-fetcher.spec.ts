import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerCertificate } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevPki, issueServerCertificate } from '@claimguard/testing';
import {
  checkServerIdentity,
  HttpPhotoFetcher,
  type HostResolver,
  type PhotoFetcherConfig,
} from './http-photo-fetcher.js';

/**
 * Every server here listens on loopback only: 127.0.0.2 stands in for a public photo host (the
 * fetcher is told to treat it as public, as test stacks do), 127.0.0.1 for an internal endpoint.
 * Nothing is resolved by a real resolver: each test injects its own.
 */
const PUBLIC = '127.0.0.2';
const INTERNAL = '127.0.0.1';

interface Listening {
  server: Server;
  port: number;
  /** The local address of every connection the server accepted. */
  hits: string[];
}

let dir: string;
let caFile: string;
let tls: { cert: string; key: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'photo-fetcher-'));
  caFile = (await ensureDevPki(dir, [])).caFile;
  tls = await issueServerCertificate(dir, {
    dns: ['photos.example.test', 'localhost'],
    ips: ['127.0.0.1', '127.0.0.2', '::1'],
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function listen(
  host: string,
  port: number,
  answer: (path: string) => { status: number; headers: Record<string, string>; body: string },
): Promise<Listening> {
  const hits: string[] = [];
  const server = createServer(tls, (req, res) => {
    hits.push(req.socket.localAddress ?? '?');
    const { status, headers, body } = answer(req.url ?? '/');
    res.writeHead(status, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

const close = (...servers: Listening[]) =>
  Promise.all(servers.map((s) => new Promise((resolve) => s.server.close(resolve))));

const photo = () => ({ status: 200, headers: { 'content-type': 'image/jpeg' }, body: 'jpeg!' });
const secret = () => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"secret":"internal"}',
});

function fetcher(resolver: HostResolver, extra: Partial<PhotoFetcherConfig> = {}) {
  return new HttpPhotoFetcher(
    {
      PHOTO_FETCH_TIMEOUT_MS: 2000,
      PHOTO_MAX_BYTES: 1024,
      PHOTO_CA_FILE: caFile,
      PHOTO_TEST_HOSTS: new Map(),
      PHOTO_TEST_PUBLIC_ADDRESSES: [PUBLIC],
      ...extra,
    },
    resolver,
  );
}

describe('HttpPhotoFetcher, guarded', () => {
  it('connects to the address it checked: a rebinding second answer is never asked for', async () => {
    const outside = await listen(PUBLIC, 0, photo);
    const inside = await listen(INTERNAL, outside.port, secret);
    const asked: string[] = [];
    // DNS rebinding: the first answer passes the check, every later one points inside.
    const rebinding: HostResolver = (host) => {
      asked.push(host);
      const address = asked.length === 1 ? PUBLIC : INTERNAL;
      return Promise.resolve([{ address, family: 4 }]);
    };
    try {
      const fetched = await fetcher(rebinding).fetch(
        new URL(`https://photos.example.test:${outside.port}/a.jpg`),
        { guarded: true },
      );
      expect(fetched).toEqual({ httpStatus: 200, contentType: 'image/jpeg', sizeBytes: 5 });
      expect(asked).toEqual(['photos.example.test']);
      expect(outside.hits).toEqual([PUBLIC]);
      expect(inside.hits).toEqual([]);
    } finally {
      await close(outside, inside);
    }
  });

  it('refuses a host any of whose addresses is internal, without connecting', async () => {
    const inside = await listen(INTERNAL, 0, secret);
    const both: HostResolver = () =>
      Promise.resolve([
        { address: PUBLIC, family: 4 },
        { address: INTERNAL, family: 4 },
      ]);
    try {
      await expect(
        fetcher(both).fetch(new URL(`https://photos.example.test:${inside.port}/`), {
          guarded: true,
        }),
      ).rejects.toMatchObject({ reason: 'host resolves to an internal address' });
      expect(inside.hits).toEqual([]);
    } finally {
      await close(inside);
    }
  });

  it('judges loopback as internal unless the stack named it a public stand-in', async () => {
    const resolver: HostResolver = () => Promise.resolve([{ address: PUBLIC, family: 4 }]);
    await expect(
      fetcher(resolver, { PHOTO_TEST_PUBLIC_ADDRESSES: [] }).fetch(
        new URL('https://photos.example.test:1/'),
        { guarded: true },
      ),
    ).rejects.toMatchObject({ reason: 'host resolves to an internal address' });
  });

  it('refuses a redirect; unguarded, it follows it to the internal body', async () => {
    const inside = await listen(INTERNAL, 0, secret);
    const outside = await listen(PUBLIC, 0, () => ({
      status: 302,
      headers: { location: `https://${INTERNAL}:${inside.port}/admin` },
      body: '',
    }));
    const resolver: HostResolver = () => Promise.resolve([{ address: PUBLIC, family: 4 }]);
    const url = new URL(`https://photos.example.test:${outside.port}/a.jpg`);
    try {
      await expect(fetcher(resolver).fetch(url, { guarded: true })).rejects.toMatchObject({
        reason: 'redirects are not followed',
      });
      expect(inside.hits).toEqual([]);
      await expect(fetcher(resolver).fetch(url, { guarded: false })).resolves.toEqual({
        httpStatus: 200,
        contentType: 'application/json',
        sizeBytes: 21,
      });
      expect(inside.hits).toEqual([INTERNAL]);
    } finally {
      await close(inside, outside);
    }
  });

  it('answers names of the test hosts file itself, never asking the resolver', async () => {
    const outside = await listen(PUBLIC, 0, photo);
    const never: HostResolver = (host) => Promise.reject(new Error(`asked for ${host}`));
    try {
      const fetched = await fetcher(never, {
        PHOTO_TEST_HOSTS: new Map([['photos.example.test', PUBLIC]]),
      }).fetch(new URL(`https://PHOTOS.example.test:${outside.port}/a.jpg`), { guarded: true });
      expect(fetched.httpStatus).toBe(200);
    } finally {
      await close(outside);
    }
  });

  it('trusts only the system store without PHOTO_CA_FILE: a dev-CA certificate is refused', async () => {
    const outside = await listen(PUBLIC, 0, photo);
    const resolver: HostResolver = () => Promise.resolve([{ address: PUBLIC, family: 4 }]);
    try {
      await expect(
        fetcher(resolver, { PHOTO_CA_FILE: undefined }).fetch(
          new URL(`https://photos.example.test:${outside.port}/a.jpg`),
          { guarded: true },
        ),
      ).rejects.toMatchObject({ reason: 'not reachable' });
      expect(outside.hits).toEqual([]);
    } finally {
      await close(outside);
    }
  });
});

describe('HttpPhotoFetcher, unguarded (training)', () => {
  it('reaches IPv6 loopback over https (IPv6 IP SANs are matched)', async () => {
    const inside = await listen('::1', 0, secret);
    const never: HostResolver = (host) => Promise.reject(new Error(`asked for ${host}`));
    try {
      const fetched = await fetcher(never).fetch(new URL(`https://[::1]:${inside.port}/`), {
        guarded: false,
      });
      expect(fetched).toEqual({ httpStatus: 200, contentType: 'application/json', sizeBytes: 21 });
    } finally {
      await close(inside);
    }
  });
});

describe('checkServerIdentity', () => {
  const cert = (subjectaltname: string) => ({ subject: {}, subjectaltname }) as PeerCertificate;

  it('matches an IPv6 host against IPv6 IP SANs in any spelling', () => {
    expect(checkServerIdentity('::1', cert('IP Address:0:0:0:0:0:0:0:1'))).toBeUndefined();
    expect(
      checkServerIdentity('::ffff:7f00:1', cert('DNS:x, IP Address:0:0:0:0:0:FFFF:7F00:1')),
    ).toBeUndefined();
  });

  it('refuses an IPv6 host the certificate does not list, and leaves names to node', () => {
    expect(checkServerIdentity('::2', cert('IP Address:0:0:0:0:0:0:0:1'))).toBeInstanceOf(Error);
    expect(checkServerIdentity('::1', cert('DNS:localhost'))).toBeInstanceOf(Error);
    expect(checkServerIdentity('localhost', cert('DNS:localhost'))).toBeUndefined();
    expect(checkServerIdentity('other', cert('DNS:localhost'))).toBeInstanceOf(Error);
  });
});
