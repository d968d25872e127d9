import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.js';

export type IdentityDb = PrismaClient;

/** Prisma 7 client over the `pg` driver adapter (no native engine at run time). */
export function createDb(connectionString: string): IdentityDb {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}
