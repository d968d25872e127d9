import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import type { ClaimsConfig } from '../../config.js';
import { CLAIMS_CONFIG } from '../../platform/tokens.js';
import { PhotoFetcher, type FetchedPhoto } from '../application/ports/photo-fetcher.port.js';
import { PhotoUrlRefused } from '../domain/claim.errors.js';
import { isInternalAddress } from '../domain/photo-url.js';

/**
 * Photo fetches over node's http(s) client. Guarded: every address the host resolves to must be
 * public, and the socket connects to the address that was checked (a second, rebinding DNS answer
 * is never asked for). Both modes: one request, no redirect followed, `PHOTO_FETCH_TIMEOUT_MS`,
 * at most `PHOTO_MAX_BYTES` read; the body is counted and dropped.
 */
@Injectable()
export class HttpPhotoFetcher extends PhotoFetcher {
  constructor(
    @Inject(CLAIMS_CONFIG)
    private readonly config: Pick<ClaimsConfig, 'PHOTO_FETCH_TIMEOUT_MS' | 'PHOTO_MAX_BYTES'>,
  ) {
    super();
  }

  async fetch(url: URL, { guarded }: { guarded: boolean }): Promise<FetchedPhoto> {
    const options: RequestOptions = {
      method: 'GET',
      timeout: this.config.PHOTO_FETCH_TIMEOUT_MS,
      headers: { accept: 'image/*' },
    };
    if (guarded) {
      const addresses = await lookup(url.hostname, { all: true }).catch(() => []);
      const first = addresses[0];
      if (!first) throw new PhotoUrlRefused('not reachable');
      if (addresses.some((a) => isInternalAddress(a.address))) {
        throw new PhotoUrlRefused('host resolves to an internal address');
      }
      options.lookup = pinned(first.address, first.family);
    }
    const response = await this.get(url, options);
    if (
      guarded &&
      response.statusCode !== undefined &&
      response.statusCode >= 300 &&
      response.statusCode < 400
    ) {
      response.destroy();
      throw new PhotoUrlRefused('redirects are not followed');
    }
    return this.measure(response);
  }

  private get(url: URL, options: RequestOptions): Promise<IncomingMessage> {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, options, resolve);
      req.on('timeout', () => req.destroy(new Error('photo fetch timed out')));
      req.on('error', () => reject(new PhotoUrlRefused('not reachable')));
      req.end();
    });
  }

  private measure(response: IncomingMessage): Promise<FetchedPhoto> {
    const cap = this.config.PHOTO_MAX_BYTES;
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap) {
      response.destroy();
      return Promise.reject(new PhotoUrlRefused('larger than the size cap'));
    }
    return new Promise((resolve, reject) => {
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
      response.on('error', () => reject(new PhotoUrlRefused('not reachable')));
    });
  }
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
