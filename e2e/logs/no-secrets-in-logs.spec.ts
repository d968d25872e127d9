import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { env } from '../support/env.js';
import { findSecrets } from '../support/secret-scan.js';

/**
 * After every journey and attack of this run, no app has written a token, password, password hash,
 * private key or client secret to its log — not even for the attacks it refused.
 */
test('no app logged a token, password, hash or key during the whole run', () => {
  const files = existsSync(env.logDir)
    ? readdirSync(env.logDir).filter((f) => f.endsWith('.log'))
    : [];
  // Every app of the stack wrote a log the scan reads.
  expect(files).toEqual(
    expect.arrayContaining(
      ['identity', 'gateway', 'claims', 'towing', 'repair', 'rental', 'web'].map(
        (app) => `${app}.log`,
      ),
    ),
  );
  const leaks = files.flatMap((file) => {
    const text = readFileSync(join(env.logDir, file), 'utf8');
    expect(text.length, `${file} is empty: the scan would prove nothing`).toBeGreaterThan(0);
    return findSecrets(text).map((hit) => `${file}:${hit.line} ${hit.kind}`);
  });
  expect(leaks).toEqual([]);
});

test('the scanner recognises each kind of secret (so the scan above can fail)', () => {
  const samples = [
    'authorization: Bearer 3q2-7wEXAMPLEopaqueTOKENvalue',
    'token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln',
    'password=alice-ClaimGuard-2026!',
    'hash $argon2id$v=19$m=19456',
    '{"kty":"EC","d":"AbCdEfGhIjKlMnOpQrStUvWxYz012345"}',
    'body client_secret=s3cr3t&grant_type=x',
  ];
  expect(samples.map((s) => findSecrets(s).length)).toEqual([1, 1, 1, 1, 1, 1]);
  expect(findSecrets('{"level":"info","msg":"claim filed","claimId":"7d1c9f0e-1b2a"}')).toEqual([]);
});
