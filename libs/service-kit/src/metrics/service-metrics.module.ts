import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  AuditMetrics,
  serveMetrics,
  type Logger,
  type MetricsEndpoint,
} from '@claimguard/observability';
import { LOGGER } from '../tokens.js';

const SERVICE_METRICS_OPTIONS = Symbol('SERVICE_METRICS_OPTIONS');

export interface ServiceMetricsOptions {
  service: string;
  /** `METRICS_PORT`; unset: no endpoint and nothing counted. */
  port: number | undefined;
  /** `METRICS_HOST` (loopback by default). */
  host: string;
}

@Injectable()
class ServiceMetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private metrics: AuditMetrics | undefined;
  private endpoint: MetricsEndpoint | undefined;

  constructor(
    @Inject(SERVICE_METRICS_OPTIONS) private readonly options: ServiceMetricsOptions,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    // Counting starts with the app, before its first request or event.
    if (options.port !== undefined) this.metrics = new AuditMetrics(options.service);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.metrics || this.options.port === undefined) return;
    this.endpoint = await serveMetrics({
      registry: this.metrics.registry,
      port: this.options.port,
      host: this.options.host,
      log: this.log,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.metrics?.stop();
    const endpoint = this.endpoint;
    this.endpoint = undefined;
    await endpoint?.close();
  }
}

/**
 * The service's Prometheus endpoint (`GET /metrics` on `METRICS_HOST:METRICS_PORT`, never the API
 * port): its audit trail counted by action and defense — every BOLA, scope, consent, step-up,
 * token and mTLS refusal, every rejected event — plus Node's process metrics
 * (`@claimguard/observability` `AuditMetrics`).
 */
@Module({})
export class ServiceMetricsModule {
  static forRoot(options: ServiceMetricsOptions): DynamicModule {
    return {
      module: ServiceMetricsModule,
      providers: [{ provide: SERVICE_METRICS_OPTIONS, useValue: options }, ServiceMetricsEndpoint],
    };
  }
}
