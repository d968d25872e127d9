import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { z } from 'zod';
import {
  expectServer,
  presentedIdentity,
  serverIdentityMismatchIn,
  spiffeIdOf,
} from '@claimguard/auth';
import { CORRELATION_HEADER, DomainError } from '@claimguard/contracts';
import { audit, type Logger } from '@claimguard/observability';
import { LOGGER } from '@claimguard/service-kit';
import type { RentalConfig } from '../../config.js';
import { RENTAL_CONFIG } from '../../platform/tokens.js';
import {
  ClaimCoverageGateway,
  type CoverageAnswer,
} from '../application/ports/claim-coverage.port.js';

const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
const TIMEOUT_MS = 3000;

const ExchangeResponseSchema = z.object({ access_token: z.string().min(1) });

/**
 * Token exchange at identity (client `claimguard-rental`, HTTP Basic) for a token with
 * `aud=claims`, `scope=claims:coverage`, `act.sub=rental`; then `GET /claims/:id/coverage` over
 * mTLS with rental's own certificate, to a server whose certificate must name
 * `spiffe://claimguard.local/claims` (defense `mtls`: another workload holding claims' address
 * never receives the exchanged token; refused, audited with the request's correlation id). Any
 * failure of either is `RENTAL.COVERAGE_UNAVAILABLE`. The answer is returned as parsed JSON:
 * whether rental accepts it is the confirm use case's call.
 */
@Injectable()
export class HttpClaimCoverageGateway
  extends ClaimCoverageGateway
  implements OnApplicationShutdown
{
  /** Kept-alive connections whose server identity was checked (defense `mtls` on). */
  private readonly secure: HttpsAgent | undefined;
  /**
   * Training path (never built in production): the server identity is not checked, and a wrong
   * one is audited as `defense.off`. A pool of its own, so no unchecked connection outlives the
   * switch being turned back on.
   */
  private readonly training: HttpsAgent | undefined;

  constructor(
    @Inject(RENTAL_CONFIG) private readonly config: RentalConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    super();
    const { TLS_CERT_FILE, TLS_KEY_FILE, TLS_CA_FILE } = config;
    const tls =
      TLS_CERT_FILE && TLS_KEY_FILE && TLS_CA_FILE
        ? {
            cert: readFileSync(TLS_CERT_FILE),
            key: readFileSync(TLS_KEY_FILE),
            ca: readFileSync(TLS_CA_FILE),
          }
        : undefined;
    this.secure = new HttpsAgent({
      keepAlive: true,
      ...tls,
      checkServerIdentity: expectServer('claims'),
    });
    this.training = config.defenses.frozen
      ? undefined
      : new HttpsAgent({
          keepAlive: true,
          ...tls,
          checkServerIdentity: (_host, cert) => {
            const presented = presentedIdentity(cert);
            if (presented !== spiffeIdOf('claims')) {
              const name = /^spiffe:\/\/[^/]+\/([a-z][a-z0-9-]*)$/.exec(presented)?.[1];
              audit(this.log, {
                action: 'defense.off',
                defense: 'mtls',
                actor: name ? `workload ${name}` : `server ${presented}`,
                reason: `server identity ${presented} accepted for claims (defense mtls is off)`,
              });
            }
            return undefined;
          },
        });
  }

  onApplicationShutdown(): void {
    this.secure?.destroy();
    this.training?.destroy();
  }

  async coverageFor(
    claimId: string,
    partyToken: string,
    correlationId: string,
  ): Promise<CoverageAnswer> {
    const { CLAIMS_URL, IDENTITY_TOKEN_URL, RENTAL_CLIENT_SECRET } = this.config;
    if (!CLAIMS_URL || !IDENTITY_TOKEN_URL || !RENTAL_CLIENT_SECRET) {
      return this.unavailable('coverage lookup not configured', correlationId);
    }
    let token: string;
    try {
      const basic = Buffer.from(
        `${encodeURIComponent('claimguard-rental')}:${encodeURIComponent(RENTAL_CLIENT_SECRET)}`,
      ).toString('base64');
      const response = await fetch(IDENTITY_TOKEN_URL, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: TOKEN_EXCHANGE_GRANT,
          subject_token: partyToken,
          subject_token_type: JWT_TOKEN_TYPE,
          audience: 'claims',
          scope: 'claims:coverage',
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`token exchange answered ${response.status}`);
      token = ExchangeResponseSchema.parse(await response.json()).access_token;
    } catch (error) {
      return this.unavailable('token exchange failed', correlationId, error);
    }
    try {
      const url = new URL(`/claims/${encodeURIComponent(claimId)}/coverage`, CLAIMS_URL);
      const { status, body } = await this.get(url, {
        authorization: `Bearer ${token}`,
        [CORRELATION_HEADER]: correlationId,
      });
      if (status !== 200) throw new Error(`claims answered ${status}`);
      return JSON.parse(body) as CoverageAnswer;
    } catch (error) {
      return this.unavailable('coverage lookup failed', correlationId, error);
    }
  }

  private unavailable(reason: string, correlationId: string, error?: unknown): never {
    this.log.warn({ err: error, correlationId, upstream: 'claims' }, reason);
    const mismatch = serverIdentityMismatchIn(error);
    if (mismatch) {
      audit(this.log, {
        action: 'authn.failure',
        defense: 'mtls',
        correlationId,
        resource: 'GET /claims/:id/coverage',
        reason: `upstream server identity refused: expected ${mismatch.expected}, presented ${mismatch.presented}`,
      });
    }
    throw new DomainError(
      'RENTAL.COVERAGE_UNAVAILABLE',
      "The claim's rental coverage cannot be checked right now",
    );
  }

  private get(
    url: URL,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: string }> {
    if (url.protocol !== 'https:') {
      return fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) }).then(async (r) => ({
        status: r.status,
        body: await r.text(),
      }));
    }
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        url,
        {
          method: 'GET',
          headers,
          timeout: TIMEOUT_MS,
          agent: this.config.defenses.isOn('mtls') || !this.training ? this.secure : this.training,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('claims timed out')));
      req.on('error', reject);
      req.end();
    });
  }
}
