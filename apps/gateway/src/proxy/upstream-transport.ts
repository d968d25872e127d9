import { readFileSync } from 'node:fs';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent, type Dispatcher } from 'undici';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';

/** The gateway's TLS files as its config names them: all three, or none for plain http. */
export type UpstreamTlsFiles = Pick<
  GatewayConfig,
  'TLS_CERT_FILE' | 'TLS_KEY_FILE' | 'TLS_CA_FILE'
>;

/**
 * The connection pool the gateway calls services with (proxy and manifest fetches). With TLS files
 * it presents the gateway's own certificate (`spiffe://claimguard.local/gateway`, defense `mtls`)
 * and trusts only the dev CA for the services' certificates; without them it speaks plain http.
 * @example const agent = upstreamAgent(config); await fetch(url, { dispatcher: agent });
 */
export function upstreamAgent(tls: UpstreamTlsFiles): Agent {
  if (!tls.TLS_CERT_FILE || !tls.TLS_KEY_FILE || !tls.TLS_CA_FILE) return new Agent();
  return new Agent({
    connect: {
      cert: readFileSync(tls.TLS_CERT_FILE),
      key: readFileSync(tls.TLS_KEY_FILE),
      ca: readFileSync(tls.TLS_CA_FILE),
    },
  });
}

/** The gateway's one upstream pool, closed when the gateway shuts down. */
@Injectable()
export class UpstreamTransport implements OnApplicationShutdown {
  readonly dispatcher: Dispatcher;
  private readonly agent: Agent;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.agent = upstreamAgent(config);
    this.dispatcher = this.agent;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}
