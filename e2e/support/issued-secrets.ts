import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MIN_SECRET_VALUE_LENGTH } from '@claimguard/testing';

/** The kinds of secret a test is handed during the run and records for the log scan. */
export const ISSUED_KINDS = [
  'access_token',
  'refresh_token',
  'id_token',
  'session_cookie',
  'totp_secret',
  'client_secret',
] as const;

export type IssuedKind = (typeof ISSUED_KINDS)[number];

/** One secret the run was issued: the log scan (`e2e/logs`) looks for its exact value. */
export interface IssuedSecret {
  kind: IssuedKind;
  value: string;
}

/**
 * The run folder of recorded secrets: `CG_ISSUED_DIR` when set, else `e2e/.artifacts/issued-secrets`
 * (git-ignored). Read on each call, so the environment may set it after import.
 */
export function issuedDir(): string {
  return process.env.CG_ISSUED_DIR || resolve(import.meta.dirname, '../.artifacts/issued-secrets');
}

/**
 * Records a secret this run was issued, so the log scan at the end of the suite can look for its
 * exact value in every app's log — a token no pattern recognises (an opaque access token, a refresh
 * token) is found that way. Each process appends to a file of its own (`<pid>.jsonl`, one JSON line
 * per secret), so Playwright's parallel workers never interleave a line. Empty values and values
 * shorter than `MIN_SECRET_VALUE_LENGTH` are not recorded (too short to search for reliably).
 * @example recordIssued('access_token', tokens.access_token);
 */
export function recordIssued(kind: IssuedKind, value: string): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_VALUE_LENGTH) return;
  const dir = issuedDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify({ kind, value })}\n`, {
    mode: 0o600,
  });
}

function isIssued(record: unknown): record is IssuedSecret {
  if (!record || typeof record !== 'object') return false;
  const { kind, value } = record as Record<string, unknown>;
  return (
    (ISSUED_KINDS as readonly unknown[]).includes(kind) &&
    typeof value === 'string' &&
    value.length >= MIN_SECRET_VALUE_LENGTH
  );
}

/**
 * Every secret recorded by any process of the run (see {@link recordIssued}); none when the folder
 * does not exist. A line that does not parse (a worker killed mid-write) is skipped.
 */
export function readIssued(): IssuedSecret[] {
  const dir = issuedDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.jsonl'))
    .flatMap((file) => readFileSync(join(dir, file), 'utf8').split('\n'))
    .flatMap((line) => {
      if (!line) return [];
      try {
        const record: unknown = JSON.parse(line);
        return isIssued(record) ? [{ kind: record.kind, value: record.value }] : [];
      } catch {
        return [];
      }
    });
}
