import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from '@claimguard/observability';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, type GatewayConfig } from '../config.js';
import { GATEWAY_METRICS, type GatewayMetrics } from './gateway-metrics.js';

/**
 * Serves `GET /metrics` on an internal address of its own (`METRICS_HOST:METRICS_PORT`, loopback
 * by default), never on the public API port: counts of refusals tell an attacker what works.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_LOGGER) private readonly log: Logger,
    @Inject(GATEWAY_METRICS) private readonly metrics: GatewayMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.METRICS_PORT === undefined) return;
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      this.metrics.exposition().then(
        ({ contentType, body }) =>
          response.writeHead(200, { 'content-type': contentType }).end(body),
        (error: unknown) => {
          this.log.error({ err: error }, 'metrics exposition failed');
          response.writeHead(500).end();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.METRICS_PORT ?? 0, this.config.METRICS_HOST, () => resolve());
    });
    this.server = server;
    this.log.info({ port: this.port, host: this.config.METRICS_HOST }, 'metrics listening');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The port actually bound (differs from the config when it is 0). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }
}
