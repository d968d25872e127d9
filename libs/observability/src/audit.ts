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
  for (const listener of listeners) listener(event);
}

const listeners = new Set<(event: AuditEvent) => void>();

/**
 * Hears every audit line this process writes, after it is written (the training agent turns the
 * uses of a training path into scoreboard detections). Returns the unsubscribe function. A listener
 * must not throw and must not block: it runs inside the request that audited.
 * @example const stop = onAudit((event) => event.action === 'defense.off' && seen.push(event));
 */
export function onAudit(listener: (event: AuditEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
