import type { IdentityDb } from '../database.js';
import { appendAuthenticatorEnrolled } from '../events/identity-events.js';
import type { User as UserRow } from '../generated/prisma/client.js';
import { normalizeUsername, type User, type UserWithSecret } from './user.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fields a seed or an admin sets; `id` and `createdAt` belong to the database. */
export type UserInput = Omit<UserWithSecret, 'id' | 'mfaEnrolled'>;

/** A user's sealed TOTP secret and the last time step a code was accepted for. */
export interface StoredTotp {
  sealed: string;
  lastStep: number | null;
}

/**
 * How an enrolment write ended: stored; refused because the account already has an authenticator
 * (another enrolment won); or refused because the enrolment code is wrong, expired or used.
 */
export type EnrollOutcome = 'enrolled' | 'already-enrolled' | 'code-refused';

class EnrollRefused extends Error {
  constructor(readonly outcome: Exclude<EnrollOutcome, 'enrolled'>) {
    super(outcome);
  }
}

/** Read and write access to identity's users (Prisma). */
export class UserRepository {
  constructor(private readonly db: IdentityDb) {}

  /** Looks a user up by username, case-insensitively. Includes the hash for the credential check. */
  async findByUsername(username: string): Promise<UserWithSecret | undefined> {
    const row = await this.db.user.findUnique({
      where: { username: normalizeUsername(username) },
    });
    return row ? { ...toUser(row), passwordHash: row.passwordHash } : undefined;
  }

  /** Looks a user up by id (the OIDC `sub`); anything that is not a UUID finds nobody. */
  async findById(id: string): Promise<User | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await this.db.user.findUnique({ where: { id } });
    return row ? toUser(row) : undefined;
  }

  /** The user's sealed TOTP secret, if enrolled. */
  async totpOf(id: string): Promise<StoredTotp | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await this.db.user.findUnique({
      where: { id },
      select: { totpSecret: true, totpLastStep: true },
    });
    return row?.totpSecret ? { sealed: row.totpSecret, lastStep: row.totpLastStep } : undefined;
  }

  /** Removes a user's TOTP secret (demo reset; an admin reset would use it too). */
  async removeTotp(id: string): Promise<void> {
    await this.db.user.update({ where: { id }, data: { totpSecret: null, totpLastStep: null } });
  }

  /**
   * Adds a user's first authenticator, in one transaction: the enrolment code (when one is given,
   * by its hash) is used up, the (sealed) secret is stored only where none exists yet, and
   * `AuthenticatorEnrolled` goes into the outbox. Nothing is written unless all of it holds, so an
   * enrolment held open can never overwrite the secret another one stored first.
   */
  async enrollTotp(
    id: string,
    sealed: string,
    usedStep: number,
    enrolmentCodeHash?: string,
    now = new Date(),
  ): Promise<EnrollOutcome> {
    try {
      await this.db.$transaction(async (tx) => {
        if (enrolmentCodeHash !== undefined) {
          const used = await tx.enrolmentCode.deleteMany({
            where: { userId: id, codeHash: enrolmentCodeHash, expiresAt: { gt: now } },
          });
          if (used.count !== 1) throw new EnrollRefused('code-refused');
        }
        const stored = await tx.user.updateMany({
          where: { id, totpSecret: null },
          data: { totpSecret: sealed, totpLastStep: usedStep },
        });
        if (stored.count !== 1) throw new EnrollRefused('already-enrolled');
        await appendAuthenticatorEnrolled(tx, id, enrolmentCodeHash !== undefined);
      });
      return 'enrolled';
    } catch (error) {
      if (error instanceof EnrollRefused) return error.outcome;
      throw error;
    }
  }

  /** Sets a demo persona's documented secret, replacing any (seed only; no event). */
  async seedTotp(id: string, sealed: string): Promise<void> {
    await this.db.user.update({ where: { id }, data: { totpSecret: sealed, totpLastStep: null } });
  }

  /**
   * Stores an administrator's enrolment code (its hash) for a user, replacing an outstanding one.
   * @returns the user's id, or undefined when there is no such user.
   */
  async issueEnrolmentCode(
    username: string,
    codeHash: string,
    expiresAt: Date,
  ): Promise<User | undefined> {
    const row = await this.db.user.findUnique({ where: { username: normalizeUsername(username) } });
    if (!row) return undefined;
    await this.db.enrolmentCode.upsert({
      where: { userId: row.id },
      create: { userId: row.id, codeHash, expiresAt },
      update: { codeHash, expiresAt, createdAt: new Date() },
    });
    return toUser(row);
  }

  /** True when this code (by hash) is the user's outstanding, unexpired enrolment code. */
  async enrolmentCodeValid(id: string, codeHash: string, now = new Date()): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const count = await this.db.enrolmentCode.count({
      where: { userId: id, codeHash, expiresAt: { gt: now } },
    });
    return count === 1;
  }

  /**
   * Marks a time step used, atomically: false when that step (or a later one) was already used,
   * which is how a replayed code is refused even by two parallel requests.
   */
  async useTotpStep(id: string, step: number): Promise<boolean> {
    const { count } = await this.db.user.updateMany({
      where: { id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1;
  }

  /** Disables a user (admin action); answers the user, or undefined when there is none. */
  async disable(username: string): Promise<User | undefined> {
    const { count } = await this.db.user.updateMany({
      where: { username: normalizeUsername(username) },
      data: { disabled: true },
    });
    if (count === 0) return undefined;
    const row = await this.db.user.findUnique({ where: { username: normalizeUsername(username) } });
    return row ? toUser(row) : undefined;
  }

  /** Creates the user or updates every field of the one with the same username. */
  async upsert(input: UserInput): Promise<User> {
    const data = {
      username: normalizeUsername(input.username),
      passwordHash: input.passwordHash,
      name: input.name,
      email: input.email,
      phone: input.phone,
      partyKind: input.party.kind,
      partyId: input.party.id,
      mfaRequired: input.mfaRequired,
      disabled: input.disabled,
    };
    const row = await this.db.user.upsert({
      where: { username: data.username },
      create: data,
      update: data,
    });
    return toUser(row);
  }
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    email: row.email,
    phone: row.phone,
    party: { kind: row.partyKind, id: row.partyId },
    mfaRequired: row.mfaRequired,
    mfaEnrolled: row.totpSecret !== null,
    disabled: row.disabled,
  };
}
