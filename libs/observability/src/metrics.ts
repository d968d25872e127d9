import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { onAudit, type AuditAction } from './audit.js';

/** The audit actions that are a refusal: what `claimguard_security_denials_total` counts. */
export const DENIAL_ACTIONS: ReadonlySet<AuditAction> = new Set<AuditAction>([
  'authn.failure',
  'authz.denied',
  'token.rejected',
  'rate.limited',
  'event.rejected',
]);

/**
 * Counts this process's audit trail in Prometheus metrics, in a registry of its own (nothing
 * global: two apps in one test process keep their own counts). Every `audit()` line written with
 * a logger of `service` becomes one increment, labelled only by the action and the deciding
 * defense — never a user, a path or an IP — so a dashboard sees what the blue team's log search
 * sees, without the log:
 * - `claimguard_audit_events_total{action,defense}`: every audit line (step-ups, revocations,
 *   training switches and successes included);
 * - `claimguard_audited_denials_total{action,defense}`: the refusals among them
 *   ({@link DENIAL_ACTIONS}): failed logins and lockouts, authorization and token refusals,
 *   rate limits, rejected events.
 * @example const metrics = new AuditMetrics('claims'); await serveMetrics({ registry: metrics.registry, port: 9465, log });
 */
export class AuditMetrics {
  readonly registry: Registry;
  readonly events: Counter<'action' | 'defense'>;
  readonly denials: Counter<'action' | 'defense'>;
  private readonly stopListening: () => void;

  constructor(
    readonly service: string,
    options: { registry?: Registry; processMetrics?: boolean } = {},
  ) {
    this.registry = options.registry ?? new Registry();
    this.events = new Counter({
      name: 'claimguard_audit_events_total',
      help: 'Audit lines this process wrote, by action and deciding defense',
      labelNames: ['action', 'defense'],
      registers: [this.registry],
    });
    this.denials = new Counter({
      name: 'claimguard_audited_denials_total',
      help: 'Refusals this process audited (logins, authorization, tokens, rate limits, events)',
      labelNames: ['action', 'defense'],
      registers: [this.registry],
    });
    if (!options.registry && (options.processMetrics ?? true)) {
      collectDefaultMetrics({ register: this.registry });
    }
    this.stopListening = onAudit((event, origin) => {
      if (origin.service !== service) return;
      const labels = { action: event.action, defense: event.defense ?? 'none' };
      this.events.inc(labels);
      if (DENIAL_ACTIONS.has(event.action)) this.denials.inc(labels);
    });
  }

  /** Stops counting (the process is shutting down, or a test is done with it). */
  stop(): void {
    this.stopListening();
  }
}

/** A running `/metrics` endpoint. */
export interface MetricsEndpoint {
  /** The port actually bound (differs from the requested one when that was 0). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (Prometheus text format 0.0.4) from `registry` on an address of its own —
 * loopback by default, never the public API port: counts of refusals tell an attacker what works.
 * Anything else answers 404.
 * @example const endpoint = await serveMetrics({ registry, port: 9465, log }); await endpoint.close();
 */
export async function serveMetrics(options: {
  registry: Registry;
  port: number;
  host?: string;
  log: Logger;
}): Promise<MetricsEndpoint> {
  const { registry, log } = options;
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (error: unknown) => {
        log.error({ err: error }, 'metrics exposition failed');
        response.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port, host }, 'metrics listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
