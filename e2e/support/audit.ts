import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { env } from './env.js';

/** One structured audit line of an app's log. */
export interface AuditLine {
  audit?: boolean;
  action?: string;
  defense?: string;
  correlationId?: string;
  reason?: string;
  sub?: string;
  resource?: string;
}

/**
 * The audit lines an app wrote for one request (matched by correlation id), read from the log file
 * the stack runner keeps for it: what the blue team would find.
 */
export async function auditLines(
  app: string,
  correlationId: string,
  timeoutMs = 3000,
): Promise<AuditLine[]> {
  const file = join(env.logDir, `${app}.log`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l.includes(correlationId))
          .flatMap((l) => {
            try {
              return [JSON.parse(l) as AuditLine];
            } catch {
              return [];
            }
          })
          .filter((l) => l.audit === true)
      : [];
    if (lines.length > 0 || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 100));
  }
}
