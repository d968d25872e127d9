import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateKeys } from './keys.js';

describe('loadOrCreateKeys', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'identity-keys-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a private ES256 key whose kid is its thumbprint, in owner-only files', async () => {
    const keys = await loadOrCreateKeys(dir);
    expect(keys.signingKey).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(keys.signingKey.d).toBeTypeOf('string');
    expect(keys.signingKey.kid).toBe(await calculateJwkThumbprint(keys.signingKey));
    expect(keys.cookieKeys[0]?.length).toBeGreaterThanOrEqual(32);
    expect(keys.totpKey).toHaveLength(32);

    expect((await stat(join(dir, 'identity'))).mode & 0o777).toBe(0o700);
    for (const file of ['signing-key.jwk.json', 'cookie-keys.json', 'totp-secret-key.json']) {
      expect((await stat(join(dir, 'identity', file))).mode & 0o777).toBe(0o600);
    }
  });

  it('reuses the keys on the next start', async () => {
    const first = await loadOrCreateKeys(dir);
    const second = await loadOrCreateKeys(dir);
    expect(second).toEqual(first);
  });

  it('survives two processes starting at once', async () => {
    const [a, b] = await Promise.all([loadOrCreateKeys(dir), loadOrCreateKeys(dir)]);
    expect(a.signingKey.kid).toBe(b.signingKey.kid);
    const stored = JSON.parse(
      await readFile(join(dir, 'identity', 'signing-key.jwk.json'), 'utf8'),
    ) as { kid: string };
    expect(stored.kid).toBe(a.signingKey.kid);
  });
});
