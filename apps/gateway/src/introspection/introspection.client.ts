import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@claimguard/observability';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, type GatewayConfig } from '../config.js';
import { GatewayError } from '../errors/gateway.error.js';
import { IdentityDiscovery } from './identity-discovery.js';
import { judgeIntrospection, type IntrospectionOutcome } from './introspection-checks.js';

const TIMEOUT_MS = 5_000;

/**
 * RFC 7662 client: asks identity about one token with the gateway's own client credentials
 * (`client_secret_basic`). Identity being unreachable or refusing the gateway is a 503, never a
 * 500 and never a silent "valid".
 */
@Injectable()
export class IntrospectionClient {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_LOGGER) private readonly log: Logger,
    private readonly discovery: IdentityDiscovery,
  ) {}

  async introspect(token: string): Promise<IntrospectionOutcome> {
    const metadata = await this.discovery.get();
    let response: Response;
    try {
      response = await fetch(metadata.introspectionEndpoint, {
        method: 'POST',
        headers: {
          authorization: basicAuth(
            this.config.INTROSPECTION_CLIENT_ID,
            this.config.INTROSPECTION_CLIENT_SECRET,
          ),
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      this.log.warn({ err: error }, 'introspection request failed');
      throw unavailable();
    }
    if (!response.ok) {
      // 400/401 here means identity does not accept the gateway's own credentials: an operator
      // problem, logged loudly, but still not something to blame on the caller's token.
      this.log.error({ status: response.status }, 'identity refused the introspection request');
      throw unavailable();
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      this.log.error({ err: error }, 'introspection answer is not JSON');
      throw unavailable();
    }
    return judgeIntrospection(body, {
      audience: this.config.API_AUDIENCE,
      issuer: metadata.issuer,
      now: Math.floor(Date.now() / 1000),
    });
  }
}

/** RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined and base64-encoded. */
export function basicAuth(clientId: string, secret: string): string {
  const encode = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

function unavailable(): GatewayError {
  return new GatewayError('GATEWAY.UPSTREAM_UNAVAILABLE', 'The identity provider is unavailable');
}
