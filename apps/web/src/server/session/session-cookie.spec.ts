import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCookie, sealCookie, SessionSchema, type Session } from './session-cookie';
import { loadOrCreateSessionKey, SESSION_KEY_FILE } from './session-key';

const session: Session = {
  sub: '5e0c1a52-7d5b-4a0e-8a53-0c9d3b8a6f01',
  party: { kind: 'member', id: 'M-100001' },
  name: 'Alice Member',
  accessToken: 'opaque-access-token-value-0123456789abcdef',
  accessTokenExpiresAt: 1_900_000_000,
  refreshToken: 'opaque-refresh-token-value-0123456789abcdef',
  idToken: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
  csrfToken: 'c'.repeat(43),
  loggedInAt: 1_800_000_000,
};
const key = new Uint8Array(randomBytes(32));

describe('session cookie', () => {
  it('round-trips a session', async () => {
    const sealed = await sealCookie(session, key, 'session', 3600);
    expect(await openCookie(sealed, key, 'session', SessionSchema)).toEqual(session);
  });

  it('hides the tokens: the cookie value contains none of them', async () => {
    const sealed = await sealCookie(session, key, 'session', 3600);
    expect(sealed).not.toContain(session.accessToken);
    expect(sealed).not.toContain('opaque');
    expect(sealed.split('.')).toHaveLength(5); // compact JWE, not a readable JWS
  });

  it('rejects a tampered cookie', async () => {
    const sealed = await sealCookie(session, key, 'session', 3600);
    const parts = sealed.split('.');
    const ciphertext = Buffer.from(parts[3]!, 'base64url');
    ciphertext[0] = ciphertext[0]! ^ 1;
    parts[3] = ciphertext.toString('base64url');
    expect(await openCookie(parts.join('.'), key, 'session', SessionSchema)).toBeUndefined();
  });

  it('rejects a cookie sealed with another key', async () => {
    const sealed = await sealCookie(session, new Uint8Array(randomBytes(32)), 'session', 3600);
    expect(await openCookie(sealed, key, 'session', SessionSchema)).toBeUndefined();
  });

  it('rejects a cookie made for another purpose (a login transaction is not a session)', async () => {
    const sealed = await sealCookie(session, key, 'login', 3600);
    expect(await openCookie(sealed, key, 'session', SessionSchema)).toBeUndefined();
  });

  it('rejects an expired cookie', async () => {
    const sealed = await sealCookie(session, key, 'session', -120);
    expect(await openCookie(sealed, key, 'session', SessionSchema)).toBeUndefined();
  });

  it('rejects garbage and a missing cookie', async () => {
    expect(await openCookie('not-a-jwe', key, 'session', SessionSchema)).toBeUndefined();
    expect(await openCookie(undefined, key, 'session', SessionSchema)).toBeUndefined();
  });
});

describe('loadOrCreateSessionKey', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'web-keys-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a private 256-bit key once and keeps it across restarts', async () => {
    const [first, concurrent] = await Promise.all([
      loadOrCreateSessionKey(dir),
      loadOrCreateSessionKey(dir),
    ]);
    expect(first).toHaveLength(32);
    expect(concurrent).toEqual(first);
    expect(await loadOrCreateSessionKey(dir)).toEqual(first);
    expect((await stat(join(dir, SESSION_KEY_FILE))).mode & 0o077).toBe(0);
    expect((await readFile(join(dir, SESSION_KEY_FILE), 'utf8')).length).toBeGreaterThan(40);
  });
});
