import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { crossDatabaseUrl, databaseName, tryConnect } from '@claimguard/testing';
import { env } from '../support/env.js';

/**
 * LAT-TOW-005, the database step of a compromised towing service (the other steps are attacks
 * proven both ways in e2e/attacks/lateral-compromised-towing.spec.ts). The attacker holds towing's
 * DATABASE_URL and aims its role at the other services' databases. Each service has its own
 * database and login role; `CONNECT` is revoked from `PUBLIC` and granted to the owner only
 * (libs/testing `ensureDatabase`, re-applied on every start), so PostgreSQL refuses the connection
 * (SQLSTATE 42501). Secure-only: no runtime training path exists (a `db-isolation` switch would need
 * each owning service to GRANT and REVOKE on the instructor's flip), so this is a check, not an
 * attack(). Note: the dev machine's PostgreSQL trusts local connections without a password, so a
 * role name alone is a credential there; production gives each role its own secret.
 */
function stackProfile(): string {
  const stack = JSON.parse(readFileSync(join(dirname(env.logDir), 'stack.json'), 'utf8')) as {
    profile: string;
  };
  return stack.profile;
}

test.describe("a compromised towing service's database credentials", () => {
  test("LAT-TOW-005 open towing's own database and no other service's", async () => {
    const profile = stackProfile();
    const towing = databaseName('towing', profile);
    expect(await tryConnect(crossDatabaseUrl(towing, towing))).toEqual({ connected: true });
    for (const other of ['claims', 'repair', 'rental', 'identity']) {
      const attempt = await tryConnect(crossDatabaseUrl(towing, databaseName(other, profile)));
      expect(attempt, `towing's role on ${other}'s database`).toMatchObject({
        connected: false,
        code: '42501',
      });
    }
  });
});
