import type { IdentityDb } from '../database.js';
import type { User as UserRow } from '../generated/prisma/client.js';
import { normalizeUsername, type User, type UserWithSecret } from './user.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fields a seed or an admin sets; `id` and `createdAt` belong to the database. */
export type UserInput = Omit<UserWithSecret, 'id'>;

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
    disabled: row.disabled,
  };
}
