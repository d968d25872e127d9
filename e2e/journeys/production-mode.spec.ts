import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO_ROOT } from '@claimguard/testing';

/** A complete, valid configuration per app: only NODE_ENV and the defenses setting vary below. */
const ENV: Record<string, Record<string, string>> = {
  identity: {
    PORT: '24000',
    ISSUER: 'http://localhost:24000',
    DATABASE_URL: 'postgresql://claimguard_identity@127.0.0.1:5432/claimguard_identity',
    KEYS_DIR: '/tmp/claimguard-production-mode-keys',
    WEB_CLIENT_SECRET: 'w'.repeat(43),
    GATEWAY_CLIENT_SECRET: 'g'.repeat(43),
  },
  gateway: {
    PORT: '28080',
    GATEWAY_ISSUER: 'http://localhost:28080',
    IDENTITY_ISSUER: 'http://localhost:24000',
    INTROSPECTION_CLIENT_SECRET: 'g'.repeat(43),
    SERVICE_URLS: 'claims=http://127.0.0.1:27001',
    KEYS_DIR: '/tmp/claimguard-production-mode-keys',
  },
  ...Object.fromEntries(
    (['claims', 'towing', 'repair', 'rental'] as const).map((service, i) => [
      service,
      {
        PORT: String(27001 + i),
        DATABASE_URL: `postgresql://claimguard_${service}@127.0.0.1:5432/claimguard_${service}`,
        KAFKA_BROKERS: '127.0.0.1:9',
        PARTY_TOKEN_ISSUER: 'http://localhost:28080',
        PARTY_TOKEN_JWKS_URL: 'http://127.0.0.1:28080/.well-known/jwks.json',
        EVENT_KEYS_DIR: '/tmp/claimguard-production-mode-keys/events',
      },
    ]),
  ),
};

test.describe('production mode refuses training switches', () => {
  for (const app of Object.keys(ENV)) {
    test(`${app} refuses to start with a defense off when NODE_ENV=production`, () => {
      const run = spawnSync(process.execPath, [join(REPO_ROOT, 'apps', app, 'dist/main.js')], {
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          CLAIMGUARD_DEFENSES_OFF: 'bola',
          ...ENV[app],
        },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status, run.stdout + run.stderr).not.toBe(0);
      expect(run.status).not.toBeNull(); // it exited by itself, it was not killed by the timeout
      expect(run.stdout + run.stderr).toMatch(/CLAIMGUARD_DEFENSES_OFF.*production/);
    });
  }
});
