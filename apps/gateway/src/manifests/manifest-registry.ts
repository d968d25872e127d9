import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ROUTE_MANIFEST_PATH, type RouteManifest, type RouteSpec } from '@claimguard/contracts';
import { audit, type Logger } from '@claimguard/observability';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, type GatewayConfig } from '../config.js';
import { GatewayError, type AuditNote } from '../errors/gateway.error.js';
import { upstreamUnavailable } from '../proxy/upstream.client.js';
import { UpstreamTransport } from '../proxy/upstream-transport.js';
import { fetchManifest } from './fetch-manifest.js';
import { matchRoute } from './route-matcher.js';

const REFRESH_INTERVAL_MS = 30_000;
const BACKGROUND_TIMEOUT_MS = 5_000;
/** A request waits at most this long for a manifest that is not loaded yet. */
const ON_DEMAND_TIMEOUT_MS = 2_000;

export type RouteLookup = { kind: 'matched'; route: RouteSpec } | { kind: 'not-found' };

/**
 * The route manifests of every service in `SERVICE_URLS`: loaded at start, refreshed every 30 s in
 * the background (a failed refresh keeps the last good manifest), and fetched on demand, briefly,
 * for a service whose manifest has never loaded. Only listed method + path pairs are routable.
 */
@Injectable()
export class ManifestRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly manifests = new Map<string, RouteManifest>();
  private readonly inflight = new Map<string, Promise<RouteManifest>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_LOGGER) private readonly log: Logger,
    private readonly upstream: UpstreamTransport,
  ) {}

  onModuleInit(): void {
    void this.refreshAll();
    this.timer = setInterval(() => void this.refreshAll(), REFRESH_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Finds the route for a request to `service`. Unknown service or unlisted route: not found.
   * A known service whose manifest cannot be loaded: 503 (audited for `who` when the server there
   * is another workload — defense `mtls`).
   */
  async lookup(
    service: string,
    method: string,
    servicePath: string,
    who?: Pick<AuditNote, 'sub' | 'party'>,
  ): Promise<RouteLookup> {
    if (!this.config.SERVICE_URLS.has(service)) return { kind: 'not-found' };
    const manifest = await this.manifestFor(service, who);
    const route = matchRoute(manifest, method, servicePath);
    return route ? { kind: 'matched', route } : { kind: 'not-found' };
  }

  /** Loaded manifests by service (for tests and diagnostics). */
  loaded(): ReadonlyMap<string, RouteManifest> {
    return this.manifests;
  }

  private async manifestFor(
    service: string,
    who?: Pick<AuditNote, 'sub' | 'party'>,
  ): Promise<RouteManifest> {
    const known = this.manifests.get(service);
    if (known) return known;
    try {
      // A background fetch may already be in flight with a longer timeout: wait for it, but briefly.
      return await Promise.race([
        this.load(service, ON_DEMAND_TIMEOUT_MS),
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error('manifest fetch timed out')),
            ON_DEMAND_TIMEOUT_MS,
          ).unref(),
        ),
      ]);
    } catch (error) {
      this.log.warn({ err: error, upstream: service }, 'route manifest unavailable');
      const refused = upstreamUnavailable(error, who);
      throw new GatewayError(
        'GATEWAY.UPSTREAM_UNAVAILABLE',
        `The ${service} service is unavailable`,
        refused.extra,
        error,
      );
    }
  }

  private async refreshAll(): Promise<void> {
    await Promise.all(
      [...this.config.SERVICE_URLS.keys()].map((service) =>
        this.load(service, BACKGROUND_TIMEOUT_MS).catch((error: unknown) => {
          const note = upstreamUnavailable(error).extra.audit;
          if (note) {
            // Another workload answers at the service's address: the blue team hears of it even
            // when no request is there to be refused.
            const { action, ...rest } = note;
            audit(this.log, {
              action: action ?? 'authn.failure',
              resource: `GET ${this.config.SERVICE_URLS.get(service) ?? service}${ROUTE_MANIFEST_PATH}`,
              ...rest,
            });
            return;
          }
          // Expected while services start; a request for the service will try again.
          this.log.debug({ err: error, upstream: service }, 'route manifest refresh failed');
        }),
      ),
    );
  }

  /** One fetch per service at a time, whoever asks. */
  private load(service: string, timeoutMs: number): Promise<RouteManifest> {
    let pending = this.inflight.get(service);
    if (!pending) {
      const url = this.config.SERVICE_URLS.get(service) as string;
      pending = fetchManifest(service, url, timeoutMs, this.upstream.dispatcher)
        .then((manifest) => {
          const before = this.manifests.get(service);
          this.manifests.set(service, manifest);
          if (
            !before ||
            before.version !== manifest.version ||
            before.routes.length !== manifest.routes.length
          ) {
            this.log.info(
              { upstream: service, version: manifest.version, routes: manifest.routes.length },
              'route manifest loaded',
            );
          }
          return manifest;
        })
        .finally(() => this.inflight.delete(service));
      this.inflight.set(service, pending);
    }
    return pending;
  }
}
