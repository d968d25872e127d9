import type { DefenseSwitches } from '@claimguard/config';
import { DomainError, type Party } from '@claimguard/contracts';
import { audit, type Logger } from '@claimguard/observability';

/** Items one list answer holds when the client names no `limit`. */
export const PAGE_LIMIT_DEFAULT = 20;
/** The most items one list answer may hold (defense `resource-limits`). */
export const PAGE_LIMIT_MAX = 100;

/** A `limit` query value: a positive whole number of at most nine digits. */
const LIMIT_VALUE = /^[1-9][0-9]{0,8}$/;

export interface PageLimitContext {
  defenses: Pick<DefenseSwitches, 'isOn'>;
  log: Logger;
  caller: { sub: string; party: Party };
  correlationId: string;
  /** What is listed, for the audit line (e.g. `claims`). */
  resource: string;
}

/**
 * The page size of one list request from its raw `limit` query value: {@link PAGE_LIMIT_DEFAULT}
 * when absent; a value that is no positive whole number is a 400 `REQUEST.VALIDATION_FAILED`. Above
 * {@link PAGE_LIMIT_MAX} (defense `resource-limits`, read per request): a 400 too, audited as
 * `authz.denied` — one request must not make the database and the service read, hold and
 * serialize an unbounded answer (OWASP API4:2023). TRAINING ONLY, with the defense off: the asked
 * size is honoured (audited as `defense.off`).
 * @example pageLimit(undefined, ctx) // 20
 * @example pageLimit('100000', ctx) // 400 with the defense on, 100000 with it off
 */
export function pageLimit(raw: unknown, context: PageLimitContext): number {
  if (raw === undefined) return PAGE_LIMIT_DEFAULT;
  if (typeof raw !== 'string' || !LIMIT_VALUE.test(raw)) {
    throw invalidLimit('a whole number from 1');
  }
  const limit = Number(raw);
  if (limit <= PAGE_LIMIT_MAX) return limit;
  const { caller, correlationId, log, resource } = context;
  if (context.defenses.isOn('resource-limits')) {
    audit(log, {
      action: 'authz.denied',
      defense: 'resource-limits',
      correlationId,
      sub: caller.sub,
      party: caller.party,
      resource,
      reason: `page of ${limit} ${resource} asked, at most ${PAGE_LIMIT_MAX} allowed`,
    });
    throw invalidLimit(`at most ${PAGE_LIMIT_MAX}`);
  }
  audit(log, {
    action: 'defense.off',
    defense: 'resource-limits',
    correlationId,
    sub: caller.sub,
    party: caller.party,
    resource,
    reason: `page of ${limit} ${resource} served above the cap of ${PAGE_LIMIT_MAX} (defense resource-limits is off)`,
  });
  return limit;
}

function invalidLimit(message: string): DomainError {
  return new DomainError('REQUEST.VALIDATION_FAILED', 'Invalid request', [
    { path: 'limit', message },
  ]);
}
