import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import type { Logger } from '@claimguard/observability';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, type GatewayConfig } from '../config.js';
import { GatewayError } from '../errors/gateway.error.js';

/** The parts of identity's OpenID Provider metadata the gateway uses. */
export interface IdentityMetadata {
  issuer: string;
  introspectionEndpoint: string;
  jwksUri: string;
}

const MetadataSchema = z.object({
  issuer: z.string(),
  introspection_endpoint: z.url({ protocol: /^https?$/ }),
  jwks_uri: z.url({ protocol: /^https?$/ }),
});

const ON_DEMAND_TIMEOUT_MS = 3_000;
const MAX_BACKOFF_MS = 5_000;

/**
 * Finds identity's introspection endpoint and JWKS from
 * `<IDENTITY_ISSUER>/.well-known/openid-configuration`. Retries in the background from start until
 * identity answers (the gateway may start first); a request arriving before that tries once more
 * and is answered 503 if identity is still away. Works with any OpenID Provider.
 */
@Injectable()
export class IdentityDiscovery implements OnModuleInit, OnModuleDestroy {
  private metadata: IdentityMetadata | undefined;
  private inflight: Promise<IdentityMetadata> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failures = 0;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.retryInBackground();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** The metadata, discovering it now if needed; 503 when identity cannot be reached. */
  async get(): Promise<IdentityMetadata> {
    if (this.metadata) return this.metadata;
    try {
      return await this.discover(ON_DEMAND_TIMEOUT_MS);
    } catch (error) {
      this.log.warn({ err: error }, 'identity discovery failed');
      throw new GatewayError(
        'GATEWAY.UPSTREAM_UNAVAILABLE',
        'The identity provider is unavailable',
      );
    }
  }

  private retryInBackground(): void {
    if (this.stopped || this.metadata) return;
    this.discover(ON_DEMAND_TIMEOUT_MS).then(
      () => this.log.info({ issuer: this.config.IDENTITY_ISSUER }, 'identity discovered'),
      (error: unknown) => {
        this.failures += 1;
        // The first failure is expected while the stack starts; say so once, then quietly retry.
        const level = this.failures === 1 ? 'info' : 'debug';
        this.log[level](
          { err: error, attempt: this.failures },
          'identity not reachable yet; retrying',
        );
        const delay = Math.min(250 * 2 ** this.failures, MAX_BACKOFF_MS);
        this.timer = setTimeout(() => this.retryInBackground(), delay);
        this.timer.unref();
      },
    );
  }

  private discover(timeoutMs: number): Promise<IdentityMetadata> {
    this.inflight ??= this.fetchMetadata(timeoutMs).finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetchMetadata(timeoutMs: number): Promise<IdentityMetadata> {
    const issuer = this.config.IDENTITY_ISSUER;
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const parsed = MetadataSchema.parse(await response.json());
    // OpenID Connect Discovery §4.3: the issuer in the document must be the one we asked.
    if (parsed.issuer.replace(/\/+$/, '') !== issuer) {
      throw new Error(`discovery issuer ${parsed.issuer} is not ${issuer}`);
    }
    this.metadata = {
      issuer: parsed.issuer,
      introspectionEndpoint: parsed.introspection_endpoint,
      jwksUri: parsed.jwks_uri,
    };
    return this.metadata;
  }
}
