import type { Logger } from 'pino';

/** Security-relevant outcomes the blue team watches for. */
export type AuditAction =
  | 'authn.success'
  | 'authn.failure'
  | 'authz.denied'
  | 'authz.allowed'
  | 'token.rejected'
  | 'token.revoked'
  | 'rate.limited'
  | 'event.rejected'
  /** A second factor was added to an account, or an enrolment code issued for one. */
  | 'mfa.enrolled'
  | 'mfa.enrolment_code_issued'
  /** Personal data left out of an answer for this caller (defense `data-exposure`). */
  | 'data.redacted'
  | 'defense.off'
  | 'training.switched'
  | 'training.reset';

export interface AuditEvent {
  action: AuditAction;
  /** The defense id that decided, when one did. */
  defense?: string;
  correlationId?: string;
  sub?: string;
  party?: { kind: string; id: string };
  /**
   * Who acted when no person is known: a client address, a browser origin, a workload, the source
   * an event claims. Never a secret. The workshop scoreboard credits it like a `sub`.
   */
  actor?: string;
  resource?: string;
  reason: string;
}

/**
 * Writes one structured audit line (`audit: true`) through the service logger, so it can be
 * filtered from ordinary logs. Never put tokens or secrets into `reason`.
 * @example audit(log, { action: 'authz.denied', defense: 'bola', reason: 'not the claim owner' });
 */
export function audit(log: Logger, event: AuditEvent): void {
  log.warn({ audit: true, ...event }, `audit ${event.action}`);
  // A test's stand-in logger may have no bindings: the line is still heard, without an origin.
  const service =
    typeof log.bindings === 'function'
      ? (log.bindings() as { service?: unknown }).service
      : undefined;
  const origin: AuditOrigin = typeof service === 'string' ? { service } : {};
  for (const listener of listeners) listener(event, origin);
}

/** Which app wrote an audit line: the `service` its logger was created with. */
export interface AuditOrigin {
  service?: string;
}

type AuditListener = (event: AuditEvent, origin: AuditOrigin) => void;

const listeners = new Set<AuditListener>();

/**
 * Hears every audit line this process writes, after it is written, with the service that wrote it
 * (the training agent turns the uses of a training path into scoreboard detections; `AuditMetrics`
 * counts them). Returns the unsubscribe function. A listener
 * must not throw and must not block: it runs inside the request that audited.
 * @example const stop = onAudit((event) => event.action === 'defense.off' && seen.push(event));
 */
export function onAudit(listener: AuditListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
