import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO_PERSONAS } from '@claimguard/contracts';
import {
  findSecrets,
  findValues,
  keysDirSecrets,
  storageStateSecrets,
  type KnownSecret,
} from '@claimguard/testing';
import { compactDecrypt } from 'jose';
import { storageStateOf } from '../browser/support/web.js';
import { env } from '../support/env.js';
import { readIssued } from '../support/issued-secrets.js';

const APPS = ['identity', 'gateway', 'claims', 'towing', 'repair', 'rental', 'web'];

/** The folder where the browser setup project saved each persona's `storageState`. */
const AUTH_DIR = dirname(storageStateOf('alice'));

/**
 * The tokens inside a web session cookie (the BFF keeps them there, encrypted with its key from the
 * stack's key folder): they are what the web app holds and could log. A cookie that no longer
 * decrypts (a key from another run) gives nothing; its own value is searched for anyway.
 */
async function heldTokens(cookie: KnownSecret, key: Uint8Array): Promise<KnownSecret[]> {
  try {
    const { plaintext } = await compactDecrypt(cookie.value, key);
    const held = JSON.parse(new TextDecoder().decode(plaintext)) as Record<string, unknown>;
    const kinds = {
      accessToken: 'access_token',
      refreshToken: 'refresh_token',
      idToken: 'id_token',
    };
    return Object.entries(kinds).flatMap(([field, kind]) =>
      typeof held[field] === 'string' ? [{ kind, value: held[field] }] : [],
    );
  } catch {
    return [];
  }
}

/** The browsers' session cookies of this run, and the tokens the web app's cookies hold. */
async function browserSecrets(): Promise<KnownSecret[]> {
  if (!existsSync(AUTH_DIR)) return [];
  const cookies = readdirSync(AUTH_DIR)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => storageStateSecrets(join(AUTH_DIR, file)));
  const keyFile = join(env.keysDir, 'web-session.key');
  if (!existsSync(keyFile)) return cookies;
  const key = new Uint8Array(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64url'));
  const tokens = await Promise.all(
    cookies.filter((c) => c.value.startsWith('eyJ')).map((c) => heldTokens(c, key)),
  );
  return [...cookies, ...tokens.flat()];
}

/**
 * After every journey and attack of this run, no app has written a secret to its log — not even
 * for the attacks it refused. Two scans of each line: patterns (JWS/JWE, bearer and Basic
 * credentials, client secrets, PEM private keys, private JWK members, argon2 hashes, the demo
 * passwords) and the exact values of this run's secrets — the tokens tests were issued, the
 * browsers' session cookies and the tokens they hold, the demo TOTP secrets, and every secret the
 * stack generated into its key folder (client secrets, session, cookie and TOTP keys, private
 * keys). A hit names the file, line and kind, never the secret.
 */
test('no app logged a token, password, hash, key or secret during the whole run', async () => {
  const files = existsSync(env.logDir)
    ? readdirSync(env.logDir).filter((f) => f.endsWith('.log'))
    : [];
  // Every app of the stack wrote a log the scan reads.
  expect(files).toEqual(expect.arrayContaining(APPS.map((app) => `${app}.log`)));

  const issued = readIssued();
  // Recorded by the sign-in helpers (recordIssued): without them an opaque token — which no
  // pattern recognises — would go unnoticed, so a run that recorded none proves too little.
  expect(
    issued.filter((s) => s.kind === 'access_token').length,
    'no access token of this run was recorded (recordIssued): the exact-value scan would prove little',
  ).toBeGreaterThan(0);
  const generated = keysDirSecrets(env.keysDir);
  expect(
    generated.filter((s) => s.kind === 'client_secret').length,
    `no client secret in ${env.keysDir}/stack-secrets.json: the key folder's layout changed?`,
  ).toBeGreaterThan(0);
  const values: KnownSecret[] = [
    ...issued,
    ...DEMO_PERSONAS.flatMap((p) =>
      p.totpSecret ? [{ kind: 'totp_secret', value: p.totpSecret }] : [],
    ),
    ...generated,
    ...(await browserSecrets()),
  ];

  const leaks = files.flatMap((file) => {
    const text = readFileSync(join(env.logDir, file), 'utf8');
    expect(text.length, `${file} is empty: the scan would prove nothing`).toBeGreaterThan(0);
    return [...findSecrets(text), ...findValues(text, values)].map(
      (hit) => `${file}:${hit.line} ${hit.kind}`,
    );
  });
  // Only file:line and kind: the failure report must not become the leak.
  expect(leaks).toEqual([]);
});
