import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { checkServerIdentity as nodeCheckServerIdentity, rootCertificates } from 'node:tls';
import type { PeerCertificate } from 'node:tls';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ClaimsConfig } from '../../config.js';
import { CLAIMS_CONFIG } from '../../platform/tokens.js';
import { PhotoFetcher, type FetchedPhoto } from '../application/ports/photo-fetcher.port.js';
import { PhotoUrlRefused, type PhotoUrlProblem } from '../domain/claim.errors.js';
import { isInternalAddress } from '../domain/photo-url.js';

/** One address a host name resolves to, as `dns.lookup(…, { all: true })` answers. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has (the system resolver by default). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Injection token of a {@link HostResolver} replacing the system resolver (unit tests only). */
export const PHOTO_HOST_RESOLVER = Symbol('PHOTO_HOST_RESOLVER');

/** How many redirects the unguarded (training) fetch follows, as a naive client would. */
const MAX_UNGUARDED_REDIRECTS = 5;

/** The settings the fetcher reads. */
export type PhotoFetcherConfig = Pick<
  ClaimsConfig,
  | 'PHOTO_FETCH_TIMEOUT_MS'
  | 'PHOTO_MAX_BYTES'
  | 'PHOTO_CA_FILE'
  | 'PHOTO_TEST_HOSTS'
  | 'PHOTO_TEST_PUBLIC_ADDRESSES'
>;

/**
 * Photo fetches over node's http(s) client. Guarded: every address the host resolves to must be
 * public, and the socket connects to the address that was checked (a second, rebinding DNS answer
 * is never asked for); no redirect is followed. Unguarded (defense `ssrf` off, training only):
 * whatever the URL names, following up to 5 redirects like a naive client. Both modes: one
 * deadline of `PHOTO_FETCH_TIMEOUT_MS` for the whole fetch (name lookup, redirects, connection and
 * every byte of the body: a server trickling a byte at a time is cut off too), at most
 * `PHOTO_MAX_BYTES` read; the body is counted and dropped. Dev/test stacks may add a CA (`PHOTO_CA_FILE`), a hosts file (`PHOTO_TEST_HOSTS`) and
 * loopback stand-ins for public hosts (`PHOTO_TEST_PUBLIC_ADDRESSES`); production has none of them.
 */
@Injectable()
export class HttpPhotoFetcher extends PhotoFetcher {
  /** System roots plus the dev CA when configured; undefined keeps node's default (system). */
  private readonly ca: string[] | undefined;
  private readonly publicStandIns: ReadonlySet<string>;
  private readonly resolve: HostResolver;

  constructor(
    @Inject(CLAIMS_CONFIG) private readonly config: PhotoFetcherConfig,
    @Optional() @Inject(PHOTO_HOST_RESOLVER) resolver?: HostResolver,
  ) {
    super();
    this.ca = config.PHOTO_CA_FILE
      ? [...rootCertificates, readFileSync(config.PHOTO_CA_FILE, 'utf8')]
      : undefined;
    this.publicStandIns = new Set(config.PHOTO_TEST_PUBLIC_ADDRESSES);
    const system: HostResolver = resolver ?? ((host) => lookup(host, { all: true }));
    this.resolve = async (host) => {
      // The test hosts file answers its names alone: they never reach a real resolver.
      const pinnedByTest = config.PHOTO_TEST_HOSTS.get(host.toLowerCase());
      return pinnedByTest ? [{ address: pinnedByTest, family: isIP(pinnedByTest) }] : system(host);
    };
  }

  async fetch(url: URL, { guarded }: { guarded: boolean }): Promise<FetchedPhoto> {
    const deadline = AbortSignal.timeout(this.config.PHOTO_FETCH_TIMEOUT_MS);
    if (!guarded) return this.fetchUnguarded(url, MAX_UNGUARDED_REDIRECTS, deadline);
    const addresses = isIP(bare(url.hostname))
      ? [{ address: bare(url.hostname), family: isIP(bare(url.hostname)) }]
      : await withDeadline(this.resolve(url.hostname), deadline).catch((error: unknown) => {
          if (error instanceof PhotoUrlRefused) throw error;
          return [];
        });
    const first = addresses[0];
    if (!first) throw new PhotoUrlRefused('not reachable');
    if (addresses.some((a) => this.isInternal(a.address))) {
      throw new PhotoUrlRefused('host resolves to an internal address');
    }
    const response = await this.get(
      url,
      { ...this.options(), lookup: pinned(first.address, first.family) },
      deadline,
    );
    if (isRedirect(response)) {
      response.destroy();
      throw new PhotoUrlRefused('redirects are not followed');
    }
    return this.measure(response, deadline);
  }

  /** TRAINING ONLY: fetches whatever the URL names, following redirects wherever they point. */
  private async fetchUnguarded(
    url: URL,
    redirectsLeft: number,
    deadline: AbortSignal,
  ): Promise<FetchedPhoto> {
    const response = await this.get(
      url,
      { ...this.options(), lookup: this.lookupFunction() },
      deadline,
    );
    const location = response.headers.location;
    if (isRedirect(response) && location && redirectsLeft > 0) {
      response.destroy();
      const next = URL.parse(location, url.href);
      if (!next || !['http:', 'https:'].includes(next.protocol)) {
        throw new PhotoUrlRefused('not reachable');
      }
      return this.fetchUnguarded(next, redirectsLeft - 1, deadline);
    }
    return this.measure(response, deadline);
  }

  private options(): RequestOptions {
    return {
      method: 'GET',
      headers: { accept: 'image/*' },
      checkServerIdentity,
      ...(this.ca ? { ca: this.ca } : {}),
    };
  }

  private isInternal(address: string): boolean {
    return isInternalAddress(address) && !this.publicStandIns.has(address);
  }

  /** {@link resolve} as the `lookup` option of a socket (the test hosts file in both modes). */
  private lookupFunction(): LookupFunction {
    return (hostname, options, callback) => {
      this.resolve(hostname).then(
        (addresses) => {
          const first = addresses[0];
          if (options.all) callback(null, addresses);
          else if (first) callback(null, first.address, first.family);
          else callback(new Error(`${hostname} has no address`), '', 0);
        },
        (error: NodeJS.ErrnoException) => callback(error, '', 0),
      );
    };
  }

  private get(url: URL, options: RequestOptions, deadline: AbortSignal): Promise<IncomingMessage> {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { ...options, signal: deadline }, resolve);
      req.on('error', () => reject(refusal(deadline, 'not reachable')));
      req.end();
    });
  }

  private measure(response: IncomingMessage, deadline: AbortSignal): Promise<FetchedPhoto> {
    const cap = this.config.PHOTO_MAX_BYTES;
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap) {
      response.destroy();
      return Promise.reject(new PhotoUrlRefused('larger than the size cap'));
    }
    return new Promise((resolve, reject) => {
      // The request's signal destroys the socket at the deadline; the body then ends in an error.
      response.on('close', () => {
        if (!response.complete) reject(refusal(deadline, 'not reachable'));
      });
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > cap) {
          response.destroy();
          reject(new PhotoUrlRefused('larger than the size cap'));
        }
      });
      response.on('end', () =>
        resolve({
          httpStatus: response.statusCode ?? 0,
          contentType: response.headers['content-type'] ?? null,
          sizeBytes: size,
        }),
      );
      response.on('error', () => reject(refusal(deadline, 'not reachable')));
    });
  }
}

/** Why a fetch ended early: the deadline when it has passed, else `otherwise`. */
function refusal(deadline: AbortSignal, otherwise: PhotoUrlProblem): PhotoUrlRefused {
  return new PhotoUrlRefused(deadline.aborted ? 'slower than the time limit' : otherwise);
}

/** `work`, or a refusal once `deadline` passes first. */
function withDeadline<T>(work: Promise<T>, deadline: AbortSignal): Promise<T> {
  if (deadline.aborted) return Promise.reject(refusal(deadline, 'not reachable'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(refusal(deadline, 'not reachable'));
    deadline.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => deadline.removeEventListener('abort', onAbort));
  });
}

/**
 * Node's server identity check, except that an IPv6 host is matched against the certificate's IPv6
 * `IP Address` SANs itself: node 22.23 runs the host through `domainToASCII` first, which turns
 * `::1` into '' and fails every IPv6 literal (nodejs/node#64144, fixed upstream by #64145). Only
 * the unguarded fetch ever connects to an IP literal; the guarded one refuses them by name.
 * @example checkServerIdentity('::1', cert) // undefined when the SAN lists IP Address:0:0:0:0:0:0:0:1
 */
export function checkServerIdentity(host: string, cert: PeerCertificate): Error | undefined {
  if (isIP(host) !== 6) return nodeCheckServerIdentity(host, cert);
  const listed = (cert.subjectaltname ?? '')
    .split(', ')
    .filter((name) => name.startsWith('IP Address:'))
    .map((name) => name.slice('IP Address:'.length))
    .filter((address) => isIP(address) === 6);
  const match = new BlockList();
  for (const address of listed) match.addAddress(address, 'ipv6');
  return match.check(host, 'ipv6')
    ? undefined
    : Object.assign(new Error(`IP: ${host} is not in the cert's list: ${listed.join(', ')}`), {
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      });
}

function isRedirect(response: IncomingMessage): boolean {
  const status = response.statusCode ?? 0;
  return status >= 300 && status < 400;
}

/** A URL's host name without the brackets of an IPv6 literal. */
function bare(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

/** A `lookup` that answers the already checked address, whatever the host name. */
function pinned(address: string, family: number): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      callback(null, [{ address, family }]);
    } else {
      callback(null, address, family);
    }
  };
}
