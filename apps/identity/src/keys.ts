import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { createFileOnce } from '@claimguard/config';

/** The only algorithm identity signs with (ID tokens and, in training mode, JWT access tokens). */
export const SIGNING_ALG = 'ES256';

export interface IdentityKeys {
  /** Private ES256 JWK with `kid` (its RFC 7638 thumbprint), `alg` and `use`. Never log it. */
  signingKey: JWK;
  /** Keygrip keys that sign oidc-provider's cookies. Never log them. */
  cookieKeys: string[];
  /** AES-256 key that encrypts TOTP secrets at rest (32 bytes). Never log it. */
  totpKey: Buffer;
}

const SIGNING_FILE = 'signing-key.jwk.json';
const COOKIE_FILE = 'cookie-keys.json';
const TOTP_FILE = 'totp-secret-key.json';

/**
 * Loads identity's keys from `<keysDir>/identity`, creating them on first start (folder 0700,
 * files 0600). Keys are generated, never committed; deleting the folder rotates everything (and
 * ends every session and token signed before).
 * @example const keys = await loadOrCreateKeys(config.KEYS_DIR);
 */
export async function loadOrCreateKeys(keysDir: string): Promise<IdentityKeys> {
  const dir = join(keysDir, 'identity');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is ignored when the folder already exists: tighten it in any case.
  await chmod(dir, 0o700);
  const signingKey = await loadOrCreate(join(dir, SIGNING_FILE), createSigningKey);
  const cookieKeys = await loadOrCreate(join(dir, COOKIE_FILE), () =>
    Promise.resolve([randomBytes(32).toString('base64url')]),
  );
  const totpKey = await loadOrCreate(join(dir, TOTP_FILE), () =>
    Promise.resolve(randomBytes(32).toString('base64url')),
  );
  return {
    signingKey: assertSigningKey(signingKey),
    cookieKeys: assertCookieKeys(cookieKeys),
    totpKey: assertTotpKey(totpKey),
  };
}

async function createSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { ...jwk, kid, alg: SIGNING_ALG, use: 'sig' };
}

/**
 * Reads a JSON file, or creates it with a fresh value (atomically: two processes starting at once
 * agree on one key, the loser reading the winner's whole file).
 */
async function loadOrCreate<T>(file: string, create: () => Promise<T>): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return JSON.parse(await createFileOnce(file, JSON.stringify(await create(), null, 2))) as unknown;
}

function assertSigningKey(value: unknown): JWK {
  const jwk = value as JWK;
  if (jwk?.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d || !jwk.kid) {
    throw new Error(`${SIGNING_FILE} is not a private P-256 JWK with a kid`);
  }
  return { ...jwk, alg: SIGNING_ALG, use: 'sig' };
}

function assertCookieKeys(value: unknown): string[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((k) => typeof k === 'string' && k.length >= 32)
  ) {
    throw new Error(`${COOKIE_FILE} must be a non-empty array of random strings`);
  }
  return value as string[];
}

function assertTotpKey(value: unknown): Buffer {
  const key = typeof value === 'string' ? Buffer.from(value, 'base64url') : Buffer.alloc(0);
  if (key.length !== 32) throw new Error(`${TOTP_FILE} must hold 32 random bytes (base64url)`);
  return key;
}
