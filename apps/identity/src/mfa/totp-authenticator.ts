import type { UserRepository } from '../users/user.repository.js';
import type { SecretBox } from './secret-box.js';
import { generateTotpSecret, verifyTotp } from './totp.js';

/** A secret offered for enrollment: shown to the user once, kept sealed until confirmed. */
export interface PendingEnrollment {
  secret: string;
  sealed: string;
}

/**
 * The second factor: checks codes against a user's sealed secret (each step usable once) and
 * enrolls new secrets after one valid code.
 * @example if (await totp.verify(user.id, '492039')) finishLogin({ amr: ['pwd', 'otp'] });
 */
export class TotpAuthenticator {
  constructor(
    private readonly users: Pick<
      UserRepository,
      'totpOf' | 'enrollTotp' | 'useTotpStep' | 'removeTotp'
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

  /** Stores the offered secret once the user proves it with a valid code; false otherwise. */
  async confirm(
    userId: string,
    sealed: string,
    code: string,
    nowMs = Date.now(),
  ): Promise<boolean> {
    const step = verifyTotp(this.box.open(sealed, userId), code.trim(), nowMs);
    if (step === undefined) return false;
    await this.users.enrollTotp(userId, sealed, step);
    return true;
  }

  /**
   * Resets a demo persona to its documented second factor: the known secret, or none (demo
   * personas only; the caller refuses production mode).
   */
  async seed(userId: string, secret: string | undefined): Promise<void> {
    if (secret) await this.users.enrollTotp(userId, this.box.seal(secret, userId), null);
    else await this.users.removeTotp(userId);
  }
}
