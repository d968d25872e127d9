import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calculateJwkThumbprint } from 'jose';
import { JwksController } from './jwks.controller.js';
import { loadOrCreatePartyTokenKey } from './party-token-key.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-keys-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('loadOrCreatePartyTokenKey', () => {
  it('creates a private ES256 JWK on first start with 0700 directory and 0600 file', async () => {
    const key = await loadOrCreatePartyTokenKey(dir);
    const file = join(dir, 'gateway', 'party-token.es256.jwk.json');
    expect((await stat(join(dir, 'gateway'))).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(file, 'utf8'));
    expect(stored).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: key.kid });
    expect(stored.d).toEqual(expect.any(String));
    expect(key.kid).toBe(
      await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: stored.x, y: stored.y }),
    );
  });

  it('reuses the stored key on later starts', async () => {
    const first = await loadOrCreatePartyTokenKey(dir);
    const second = await loadOrCreatePartyTokenKey(dir);
    expect(second.kid).toBe(first.kid);
    expect(second.publicJwk).toEqual(first.publicJwk);
  });

  it('tightens a key file that others could read', async () => {
    await loadOrCreatePartyTokenKey(dir);
    const file = join(dir, 'gateway', 'party-token.es256.jwk.json');
    await chmod(file, 0o644);
    await loadOrCreatePartyTokenKey(dir);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe('JwksController', () => {
  it('serves the public key only', async () => {
    const key = await loadOrCreatePartyTokenKey(dir);
    const jwks = new JwksController(key).jwks();
    expect(jwks.keys).toHaveLength(1);
    expect(Object.keys(jwks.keys[0] ?? {}).sort()).toEqual([
      'alg',
      'crv',
      'kid',
      'kty',
      'use',
      'x',
      'y',
    ]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });
});
