import { pathToFileURL } from 'node:url';
import { DEMO_PERSONAS } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import { loadSeedConfig } from './config.js';
import { createDb } from './database.js';
import type { LoginThrottle } from './lockout/login-throttle.js';
import type { TotpAuthenticator } from './mfa/totp-authenticator.js';
import { PasswordHasher } from './users/password-hasher.js';
import { UserRepository } from './users/user.repository.js';

/**
 * Upserts the fictional demo personas (DESIGN.md) with their documented passwords. Idempotent: a
 * second run resets them to the documented state (enabled, documented password). Refuses to run
 * in production mode, where documented passwords must never exist. With `mfa`, the MFA personas
 * get their documented TOTP secret (sealed with this identity's key) and every lockout counter is
 * cleared, so a dev or test stack starts from the documented state.
 * @example await seedDemoUsers(new UserRepository(db), new PasswordHasher(), 'development');
 */
export async function seedDemoUsers(
  users: UserRepository,
  hasher: PasswordHasher,
  nodeEnv: string,
  mfa?: { totp: TotpAuthenticator; throttle: LoginThrottle },
): Promise<number> {
  if (nodeEnv === 'production') {
    throw new Error(
      'refusing to seed demo users with documented passwords when NODE_ENV=production',
    );
  }
  for (const persona of DEMO_PERSONAS) {
    const user = await users.upsert({
      username: persona.username,
      passwordHash: await hasher.hash(persona.password),
      name: persona.name,
      email: persona.email,
      phone: persona.phone,
      party: persona.party,
      mfaRequired: persona.mfaRequired,
      disabled: false,
    });
    if (mfa) await mfa.totp.seed(user.id, persona.totpSecret);
  }
  await mfa?.throttle.clearAll();
  return DEMO_PERSONAS.length;
}

async function main(): Promise<void> {
  const config = loadSeedConfig();
  const log = createLogger('identity', config.LOG_LEVEL);
  const db = createDb(config.DATABASE_URL);
  try {
    const count = await seedDemoUsers(
      new UserRepository(db),
      new PasswordHasher(),
      config.NODE_ENV,
    );
    log.info({ count }, 'demo users seeded');
  } finally {
    await db.$disconnect();
  }
}

// `node dist/seed.js` runs the seed; importing this module (server, tests) does not.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `seed failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
