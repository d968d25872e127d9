import type { IdentityDb } from '../database.js';
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

  /** Stores a (sealed) TOTP secret; `usedStep` is the step of the code that confirmed it. */
  async enrollTotp(id: string, sealed: string, usedStep: number | null): Promise<void> {
    await this.db.user.update({
      where: { id },
      data: { totpSecret: sealed, totpLastStep: usedStep },
    });
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
