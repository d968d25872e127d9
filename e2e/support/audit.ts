import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { env } from './env.js';

/** One structured audit line of an app's log. */
export interface AuditLine {
  audit?: boolean;
  time?: string;
  action?: string;
  defense?: string;
  correlationId?: string;
  reason?: string;
  sub?: string;
  actor?: string;
  resource?: string;
  eventId?: string;
}

/**
 * What ties an audit line to one attack's request. The correlation id where the request had one;
 * where none exists (a TLS handshake cut off before HTTP, an event sent straight to the broker) a
 * field the attack controls and states: the client address it sent from (`actor`), the person it
 * acted as (`sub`), the event's id.
 */
export type AuditLink =
  { correlationId: string } | { actor: string } | { sub: string } | { eventId: string };

/** The link in words, for failure messages and the report. */
export function describeLink(link: AuditLink): string {
  const [field, value] = Object.entries(link)[0] ?? ['?', '?'];
  return `${field} ${value}`;
}

/**
 * How long to wait for an audit line to reach the log file before calling it missing. Lines come
 * at once on a healthy stack (the wait ends when found); the bound only keeps a missing line from
 * hanging the run, and is wide so a busy machine's slow log flush is never read as "no line".
 */
export const LOG_HANG_GUARD_MS = 20_000;

function readAuditLines(app: string, needle: string): AuditLine[] {
  const file = join(env.logDir, `${app}.log`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes(needle))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as AuditLine];
      } catch {
        return [];
      }
    })
    .filter((l) => l.audit === true);
}

/**
 * The audit lines an app wrote for one request (matched by correlation id), read from the log file
 * the stack runner keeps for it: what the blue team would find.
 */
export async function auditLines(
  app: string,
  correlationId: string,
  timeoutMs = LOG_HANG_GUARD_MS,
): Promise<AuditLine[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = readAuditLines(app, correlationId);
    if (lines.length > 0 || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The audit line `app` wrote for this attack: the named defense and action (or one of several),
 * linked to the attack by `link` and, for links other than a correlation id, written at or after `since` (epoch ms) so
 * an earlier run's line cannot stand in. Waits up to `timeoutMs` for it to reach the log.
 */
export async function findAuditLine(
  app: string,
  link: AuditLink,
  expected: { defense: string; action: string | readonly string[]; since: number },
  timeoutMs = LOG_HANG_GUARD_MS,
): Promise<AuditLine | undefined> {
  const actions = typeof expected.action === 'string' ? [expected.action] : expected.action;
  const [field, value] = Object.entries(link)[0] as [keyof AuditLine, string];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = readAuditLines(app, value).find(
      (line) =>
        line[field] === value &&
        line.defense === expected.defense &&
        actions.includes(line.action ?? '') &&
        (field === 'correlationId' || Date.parse(line.time ?? '') >= expected.since),
    );
    if (found || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}
