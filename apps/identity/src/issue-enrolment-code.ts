import { pathToFileURL } from 'node:url';
import { audit, createLogger } from '@claimguard/observability';
import { loadSeedConfig } from './config.js';
import { createDb } from './database.js';
import {
  ENROLMENT_CODE_DEFAULT_MINUTES,
  ENROLMENT_CODE_MAX_MINUTES,
  newEnrolmentCode,
} from './mfa/enrolment-code.js';
import type { User } from './users/user.js';
import { UserRepository } from './users/user.repository.js';

/** An enrolment code handed to an administrator to pass on out of band. */
export interface EnrolmentCodeIssue {
  user: User;
  /** The code in clear: shown once to the administrator, never stored or logged. */
  code: string;
  expiresAt: Date;
}

/**
 * The help desk's "let this person add an authenticator": a single-use enrolment code for
 * `username`, valid `minutes` (default 30, at most 24 h), replacing any outstanding one. Only its
 * hash is stored. An account that must use MFA cannot add its first authenticator without it.
 * @returns the code, or undefined when there is no such user.
 * @example const issued = await issueEnrolmentCode(users, 'carol'); // read issued.code out to carol
 */
export async function issueEnrolmentCode(
  users: Pick<UserRepository, 'issueEnrolmentCode'>,
  username: string,
  minutes = ENROLMENT_CODE_DEFAULT_MINUTES,
  now = new Date(),
): Promise<EnrolmentCodeIssue | undefined> {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > ENROLMENT_CODE_MAX_MINUTES) {
    throw new RangeError(`minutes must be a whole number from 1 to ${ENROLMENT_CODE_MAX_MINUTES}`);
  }
  const { code, hash } = newEnrolmentCode();
  const expiresAt = new Date(now.getTime() + minutes * 60_000);
  const user = await users.issueEnrolmentCode(username, hash, expiresAt);
  return user ? { user, code, expiresAt } : undefined;
}

/** `pnpm --filter @claimguard/identity user:enrolment-code <username> [minutes]` */
async function main(): Promise<void> {
  const [username, minutesArg] = process.argv.slice(2);
  if (!username) {
    process.stderr.write('usage: user:enrolment-code <username> [minutes]\n');
    process.exitCode = 2;
    return;
  }
  const config = loadSeedConfig();
  const log = createLogger('identity', config.LOG_LEVEL);
  const db = createDb(config.DATABASE_URL);
  try {
    const minutes = minutesArg === undefined ? undefined : Number(minutesArg);
    const issued = await issueEnrolmentCode(new UserRepository(db), username, minutes);
    if (!issued) {
      process.stderr.write('no such user\n');
      process.exitCode = 1;
      return;
    }
    audit(log, {
      action: 'mfa.enrolment_code_issued',
      sub: issued.user.id,
      actor: 'administrator (user:enrolment-code)',
      reason: `enrolment code issued, valid until ${issued.expiresAt.toISOString()}`,
    });
    process.stdout.write(
      `enrolment code for ${issued.user.username}: ${issued.code} (single use, valid until ${issued.expiresAt.toISOString()})\n`,
    );
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `user:enrolment-code failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
