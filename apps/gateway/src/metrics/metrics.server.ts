import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { serveMetrics, type Logger, type MetricsEndpoint } from '@claimguard/observability';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, type GatewayConfig } from '../config.js';
import { GATEWAY_METRICS, type GatewayMetrics } from './gateway-metrics.js';

/**
 * Serves `GET /metrics` on an internal address of its own (`METRICS_HOST:METRICS_PORT`, loopback
 * by default), never on the public API port: counts of refusals tell an attacker what works.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private endpoint: MetricsEndpoint | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_LOGGER) private readonly log: Logger,
    @Inject(GATEWAY_METRICS) private readonly metrics: GatewayMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.METRICS_PORT === undefined) return;
    this.endpoint = await serveMetrics({
      registry: this.metrics.registry,
      port: this.config.METRICS_PORT,
      host: this.config.METRICS_HOST,
      log: this.log,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.metrics.stop();
    const endpoint = this.endpoint;
    this.endpoint = undefined;
    await endpoint?.close();
  }

  /** The port actually bound (differs from the config when it is 0). */
  get port(): number | undefined {
    return this.endpoint?.port;
  }
}
