import { randomBytes } from 'node:crypto';
import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's baseline (Password Storage Cheat Sheet): 19 MiB memory, 2 passes, 1 lane,
 * 16-byte random salt, 32-byte output. About 20–40 ms per hash on a dev machine: slow enough to
 * hurt offline guessing, fast enough for a login endpoint. The PHC string stores the parameters,
 * so raising them later keeps old hashes verifiable.
 */
export const ARGON2_OPTIONS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

/** Hashes and verifies passwords; the one place that knows the algorithm. */
export class PasswordHasher {
  #dummyHash: Promise<string> | undefined;

  /** @example const phc = await hasher.hash('correct horse'); // '$argon2id$v=19$m=19456,t=2,p=1$…' */
  hash(password: string): Promise<string> {
    return hash(password, ARGON2_OPTIONS);
  }

  /** True only when `password` matches `phc`; a malformed hash counts as a mismatch. */
  async verify(phc: string, password: string): Promise<boolean> {
    try {
      return await verify(phc, password);
    } catch {
      return false;
    }
  }

  /** Computes the dummy hash now, so the first unknown-user login is not slower than the rest. */
  async warmUp(): Promise<void> {
    this.#dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    await this.#dummyHash;
  }

  /**
   * Burns the same work as a real verification and always answers false. Used when the username
   * is unknown, so response time does not tell which usernames exist.
   */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.#dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    await this.verify(await this.#dummyHash, password);
    return false;
  }
}
