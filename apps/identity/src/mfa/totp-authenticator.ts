import type { EnrollOutcome, UserRepository } from '../users/user.repository.js';
import type { SecretBox } from './secret-box.js';
import { generateTotpSecret, verifyTotp } from './totp.js';

/** A secret offered for enrollment: shown to the user once, kept sealed until confirmed. */
export interface PendingEnrollment {
  secret: string;
  sealed: string;
}

/** How a confirmation ended: {@link EnrollOutcome}, or a code that does not match the offer. */
export type ConfirmOutcome = EnrollOutcome | 'wrong-code';

/**
 * The second factor: checks codes against a user's sealed secret (each step usable once) and
 * enrolls new secrets after one valid code.
 * @example if (await totp.verify(user.id, '492039')) finishLogin({ amr: ['pwd', 'otp'] });
 */
export class TotpAuthenticator {
  constructor(
    private readonly users: Pick<
      UserRepository,
      'totpOf' | 'enrollTotp' | 'seedTotp' | 'useTotpStep' | 'removeTotp'
    >,
    private readonly box: SecretBox,
  ) {}

  /** True when the code is valid now (±1 step) and its step was not used before. */
  async verify(userId: string, code: string, nowMs = Date.now()): Promise<boolean> {
    const stored = await this.users.totpOf(userId);
    if (!stored) return false;
    const step = verifyTotp(this.box.open(stored.sealed, userId), code.trim(), nowMs);
    if (step === undefined) return false;
    if (stored.lastStep !== null && step <= stored.lastStep) return false;
    return this.users.useTotpStep(userId, step);
  }

  /** A fresh secret for the user to add to an authenticator app. */
  offer(userId: string): PendingEnrollment {
    const secret = generateTotpSecret();
    return { secret, sealed: this.box.seal(secret, userId) };
  }

  /** The secret inside a pending enrollment (to show it again after a wrong code). */
  reveal(userId: string, sealed: string): string {
    return this.box.open(sealed, userId);
  }

  /**
   * Stores the offered secret once the user proves it with a valid code — only while the account
   * has no authenticator (checked first, and again by the conditional write), and, when
   * `enrolmentCodeHash` is given, only by using up that enrolment code in the same transaction.
   */
  async confirm(
    userId: string,
    sealed: string,
    code: string,
    options: { enrolmentCodeHash?: string | undefined; nowMs?: number } = {},
  ): Promise<ConfirmOutcome> {
    if (await this.users.totpOf(userId)) return 'already-enrolled';
    const step = verifyTotp(this.box.open(sealed, userId), code.trim(), options.nowMs);
    if (step === undefined) return 'wrong-code';
    return this.users.enrollTotp(userId, sealed, step, options.enrolmentCodeHash);
  }

  /**
   * Resets a demo persona to its documented second factor: the known secret, or none (demo
   * personas only; the caller refuses production mode).
   */
  async seed(userId: string, secret: string | undefined): Promise<void> {
    if (secret) await this.users.seedTotp(userId, this.box.seal(secret, userId));
    else await this.users.removeTotp(userId);
  }
}
