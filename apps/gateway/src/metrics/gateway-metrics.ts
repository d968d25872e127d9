import { AuditMetrics } from '@claimguard/observability';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/** Injection token of the process's {@link GatewayMetrics}. */
export const GATEWAY_METRICS = Symbol('GATEWAY_METRICS');

/**
 * The gateway's Prometheus metrics, in a registry of their own (nothing global, so two gateways in
 * one test process do not share counts). Labels are low-cardinality on purpose: a defense id and a
 * stable error code or event type — never a path, a user or an IP. Beside its own counters, the
 * registry counts the gateway's audit lines like every other process does ({@link AuditMetrics}).
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  /** Every request the gateway refused for security reasons (401, 403, 429). */
  readonly securityDenials: Counter<'defense' | 'reason'>;
  /** Revocation events from identity the gateway acted on (or, defense off, ignored). */
  readonly revocations: Counter<'type' | 'outcome'>;
  /** Cached introspections dropped because their person's grant was revoked. */
  readonly revokedCacheEntries: Counter;
  /** `claimguard_audit_events_total` / `claimguard_audited_denials_total` of the gateway's audit. */
  readonly audit: AuditMetrics;

  constructor(options: { processMetrics?: boolean } = {}) {
    this.securityDenials = new Counter({
      name: 'claimguard_security_denials_total',
      help: 'Requests refused at the edge, by deciding defense and error code',
      labelNames: ['defense', 'reason'],
      registers: [this.registry],
    });
    this.revocations = new Counter({
      name: 'claimguard_revocations_total',
      help: 'Identity revocation events received, by type and what the gateway did',
      labelNames: ['type', 'outcome'],
      registers: [this.registry],
    });
    this.revokedCacheEntries = new Counter({
      name: 'claimguard_revoked_cache_entries_total',
      help: 'Cached introspection results dropped by revocation events',
      registers: [this.registry],
    });
    this.audit = new AuditMetrics('gateway', { registry: this.registry });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Stops counting audit lines (the gateway is shutting down). */
  stop(): void {
    this.audit.stop();
  }

  /** Counts one refusal; `defense` is `none` when no named defense decided (e.g. no token). */
  denied(defense: string | undefined, reason: string): void {
    this.securityDenials.inc({ defense: defense ?? 'none', reason });
  }

  /** The text exposition format (version 0.0.4) Prometheus scrapes. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
