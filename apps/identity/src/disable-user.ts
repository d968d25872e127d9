import { pathToFileURL } from 'node:url';
import { createLogger, audit } from '@claimguard/observability';
import { loadSeedConfig } from './config.js';
import { createDb, type IdentityDb } from './database.js';
import { appendUserDisabled } from './events/identity-events.js';
import { normalizeUsername } from './users/user.js';

/**
 * The admin's "disable this user": in one transaction the user is disabled, every session, grant,
 * code and token of theirs is deleted, and `UserDisabled` goes into the outbox — which the running
 * identity publishes so the gateway drops its cached introspections of that `sub`.
 * @returns the user's id, or undefined when there is no such user.
 * @example await disableUser(db, 'alice');
 */
export async function disableUser(db: IdentityDb, username: string): Promise<string | undefined> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { username: normalizeUsername(username) } });
    if (!user) return undefined;
    await tx.user.update({ where: { id: user.id }, data: { disabled: true } });
    await tx.$executeRaw`DELETE FROM oidc_payloads WHERE payload->>'accountId' = ${user.id}`;
    await appendUserDisabled(tx, user.id);
    return user.id;
  });
}

/** `pnpm --filter @claimguard/identity user:disable <username>` */
async function main(): Promise<void> {
  const username = process.argv[2];
  if (!username) {
    process.stderr.write('usage: user:disable <username>\n');
    process.exitCode = 2;
    return;
  }
  const config = loadSeedConfig();
  const log = createLogger('identity', config.LOG_LEVEL);
  const db = createDb(config.DATABASE_URL);
  try {
    const sub = await disableUser(db, username);
    if (!sub) {
      process.stderr.write('no such user\n');
      process.exitCode = 1;
      return;
    }
    audit(log, { action: 'token.revoked', sub, reason: 'user disabled by an administrator' });
    process.stdout.write(`disabled ${normalizeUsername(username)} (${sub})\n`);
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `user:disable failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
