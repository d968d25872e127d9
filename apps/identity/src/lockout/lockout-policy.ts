/**
 * Thresholds of the `lockout` defense (identity's config, documented in README and
 * docs/architecture.md against Okta's and Keycloak's defaults).
 */
export interface LockoutPolicy {
  /** Failures of one account from one source before that pair is locked (Okta: 10). */
  accountSourceLockAfter: number;
  /** Failures of one account from all sources before the account is locked (Keycloak: 30). 0 = never. */
  accountLockAfter: number;
  /** Failures from one source, across all accounts, before the source is locked (stuffing). */
  sourceLockAfter: number;
  /** Account failures before each further attempt is slowed down. */
  delayAfter: number;
  /** First delay; doubles per further failure up to {@link delayMaxMs}. */
  delayBaseMs: number;
  delayMaxMs: number;
  /** Wrong TOTP codes per user before the second factor is locked. */
  mfaLockAfter: number;
  /** How long a lock lasts (Keycloak's max wait: 15 min). */
  lockSeconds: number;
  /** Counters restart when the first failure is older than this. */
  windowSeconds: number;
}

/** Defaults (see README "Lockout"). */
export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = {
  accountSourceLockAfter: 10,
  accountLockAfter: 50,
  sourceLockAfter: 100,
  delayAfter: 3,
  delayBaseMs: 500,
  delayMaxMs: 4000,
  mfaLockAfter: 5,
  lockSeconds: 900,
  windowSeconds: 900,
};

/**
 * The delay before answering an attempt on an account that has failed `failures` times (this
 * attempt included): none up to `delayAfter`, then base, 2×base, 4×base … capped.
 * @example progressiveDelayMs(5, DEFAULT_LOCKOUT_POLICY) // 1000
 */
export function progressiveDelayMs(failures: number, policy: LockoutPolicy): number {
  const over = failures - policy.delayAfter;
  if (over <= 0) return 0;
  return Math.min(policy.delayMaxMs, policy.delayBaseMs * 2 ** Math.min(over - 1, 20));
}

/** The policy from identity's configuration keys (`LOCKOUT_*`). */
export function lockoutPolicyFrom(config: {
  LOCKOUT_ACCOUNT_SOURCE_LOCK_AFTER: number;
  LOCKOUT_ACCOUNT_LOCK_AFTER: number;
  LOCKOUT_SOURCE_LOCK_AFTER: number;
  LOCKOUT_DELAY_AFTER: number;
  LOCKOUT_DELAY_BASE_MS: number;
  LOCKOUT_DELAY_MAX_MS: number;
  LOCKOUT_MFA_LOCK_AFTER: number;
  LOCKOUT_SECONDS: number;
  LOCKOUT_WINDOW_SECONDS: number;
}): LockoutPolicy {
  return {
    accountSourceLockAfter: config.LOCKOUT_ACCOUNT_SOURCE_LOCK_AFTER,
    accountLockAfter: config.LOCKOUT_ACCOUNT_LOCK_AFTER,
    sourceLockAfter: config.LOCKOUT_SOURCE_LOCK_AFTER,
    delayAfter: config.LOCKOUT_DELAY_AFTER,
    delayBaseMs: config.LOCKOUT_DELAY_BASE_MS,
    delayMaxMs: config.LOCKOUT_DELAY_MAX_MS,
    mfaLockAfter: config.LOCKOUT_MFA_LOCK_AFTER,
    lockSeconds: config.LOCKOUT_SECONDS,
    windowSeconds: config.LOCKOUT_WINDOW_SECONDS,
  };
}
