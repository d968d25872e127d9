import type { IdentityDb } from '../database.js';
import { Prisma } from '../generated/prisma/client.js';
import { normalizeUsername } from '../users/user.js';
import { progressiveDelayMs, type LockoutPolicy } from './lockout-policy.js';
import { addressBucket } from '@claimguard/rate-limit';

/** Who is trying: the normalized username (existing or not) and the source address. */
export interface AttemptKeys {
  username: string;
  source: string;
}

/** What the counters say about one attempt, counted before the password is even looked at. */
export interface AttemptVerdict {
  /** The attempt must be refused without checking the password (same answer as a wrong one). */
  locked: boolean;
  /** Which counter locked it (for the audit line only). */
  lockedBy?: 'account' | 'account-source' | 'source';
  /** How long to hold the answer (progressive delay). */
  delayMs: number;
}

interface Count {
  failures: number;
  lockedUntil: Date | null;
}

/**
 * Failed-login counters in PostgreSQL (defense `lockout`; they survive a restart of identity).
 * The account+source pair — the counter one guesser fills — is counted BEFORE the password is
 * checked, in one atomic upsert, so parallel requests cannot slip past its threshold. The account
 * and source counters, which many legitimate people share (one office behind one address), count
 * real failures only, so a burst of parallel successful sign-ins never inflates them.
 */
export class LoginThrottle {
  constructor(
    private readonly db: IdentityDb,
    private readonly policy: LockoutPolicy,
  ) {}

  /** Counts the attempt against its account+source pair; answers lock and delay. */
  async begin(keys: AttemptKeys, now = new Date()): Promise<AttemptVerdict> {
    const k = keysOf(keys);
    const [pair, account, source] = await Promise.all([
      this.count(k.pair, this.policy.accountSourceLockAfter, now),
      this.read(k.account),
      this.read(k.source),
    ]);
    const delayMs = progressiveDelayMs((account?.failures ?? 0) + 1, this.policy);
    const lockedBy = isLocked(pair, this.policy.accountSourceLockAfter, now)
      ? 'account-source'
      : lockActive(source, this.policy.sourceLockAfter, now)
        ? 'source'
        : lockActive(account, this.policy.accountLockAfter, now)
          ? 'account'
          : undefined;
    return lockedBy ? { locked: true, lockedBy, delayMs } : { locked: false, delayMs };
  }

  /** After a refused attempt: one more failure for the account and for the source. */
  async failed(keys: AttemptKeys, now = new Date()): Promise<void> {
    const k = keysOf(keys);
    await Promise.all([
      this.count(k.account, this.policy.accountLockAfter, now),
      this.count(k.source, this.policy.sourceLockAfter, now),
    ]);
  }

  /** After a correct password: the account (and its pair with this source) starts afresh. */
  async succeeded(keys: AttemptKeys): Promise<void> {
    const k = keysOf(keys);
    await this.db.loginThrottle.deleteMany({ where: { key: { in: [k.account, k.pair] } } });
  }

  /** Counts one TOTP attempt of a user (separately from passwords); true when MFA is locked. */
  async beginMfa(userId: string, now = new Date()): Promise<boolean> {
    const count = await this.count(`mfa:${userId}`, this.policy.mfaLockAfter, now);
    return isLocked(count, this.policy.mfaLockAfter, now);
  }

  /** A correct code clears the user's MFA counter. */
  async mfaSucceeded(userId: string): Promise<void> {
    await this.db.loginThrottle.deleteMany({ where: { key: `mfa:${userId}` } });
  }

  private async read(key: string): Promise<Count | undefined> {
    const row = await this.db.loginThrottle.findUnique({ where: { key } });
    return row ? { failures: row.failures, lockedUntil: row.lockedUntil } : undefined;
  }

  /** Forgets every counter (demo seeding in dev/test only). */
  async clearAll(): Promise<void> {
    await this.db.loginThrottle.deleteMany({});
  }

  /**
   * One atomic upsert: a counter whose window (or lock) has passed restarts at 1; the attempt that
   * reaches `lockAfter` starts a lock of `lockSeconds`, which later attempts do not extend.
   */
  private async count(key: string, lockAfter: number, now: Date): Promise<Count> {
    const windowStart = new Date(now.getTime() - this.policy.windowSeconds * 1000);
    const lockEnd = new Date(now.getTime() + this.policy.lockSeconds * 1000);
    const limit = lockAfter > 0 ? lockAfter : 2_147_483_647;
    const restart = Prisma.sql`((t.locked_until IS NOT NULL AND t.locked_until <= ${now})
      OR (t.locked_until IS NULL AND t.window_start < ${windowStart}))`;
    const rows = await this.db.$queryRaw<{ failures: number; locked_until: Date | null }[]>`
      INSERT INTO login_throttles AS t (key, failures, window_start, last_failure_at, locked_until)
      VALUES (${key}, 1, ${now}, ${now}, CASE WHEN 1 >= ${limit} THEN ${lockEnd}::timestamptz END)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN ${restart} THEN 1 ELSE t.failures + 1 END,
        window_start = CASE WHEN ${restart} THEN ${now} ELSE t.window_start END,
        last_failure_at = ${now},
        locked_until = CASE
          WHEN ${restart} THEN (CASE WHEN 1 >= ${limit} THEN ${lockEnd}::timestamptz END)
          WHEN t.locked_until IS NULL AND t.failures + 1 >= ${limit} THEN ${lockEnd}::timestamptz
          ELSE t.locked_until END
      RETURNING failures, locked_until`;
    const row = rows[0];
    return { failures: row?.failures ?? 1, lockedUntil: row?.locked_until ?? null };
  }
}

function keysOf(keys: AttemptKeys) {
  const username = normalizeUsername(keys.username).slice(0, 128);
  // An IPv6 client is counted by its /64: one subscriber's network is one source.
  const source = addressBucket(keys.source);
  return {
    account: `acct:${username}`,
    pair: `acctip:${username}|${source}`,
    source: `ip:${source}`,
  };
}

/** A counter that only real failures fill: locked while its lock lasts. */
function lockActive(count: Count | undefined, lockAfter: number, now: Date): boolean {
  return lockAfter > 0 && !!count?.lockedUntil && count.lockedUntil.getTime() > now.getTime();
}

function isLocked(count: Count, lockAfter: number, now: Date): boolean {
  if (lockAfter <= 0 || !count.lockedUntil) return false;
  // The attempt that reached the threshold is still checked; every later one is refused.
  return count.failures > lockAfter && count.lockedUntil.getTime() > now.getTime();
}
