import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';
import { PARTY_TOKEN_ALG } from '@claimguard/contracts';
import { createFileOnce } from '@claimguard/config';

/** The gateway's party-token signing key: private half for minting, public JWK for the JWKS. */
export interface PartyTokenKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

const FILE_NAME = 'party-token.es256.jwk.json';

/**
 * Loads `<keysDir>/gateway/party-token.es256.jwk.json`, creating it on first start (directory
 * 0700, file 0600, `kid` = RFC 7638 thumbprint). Keys are never committed; each checkout makes its
 * own. A file readable by others is tightened to 0600 rather than trusted as is.
 */
export async function loadOrCreatePartyTokenKey(keysDir: string): Promise<PartyTokenKey> {
  const dir = join(keysDir, 'gateway');
  const file = join(dir, FILE_NAME);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  let jwk: JWK;
  try {
    jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
    if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    jwk = await createKeyFile(file);
  }
  return fromPrivateJwk(jwk);
}

async function createKeyFile(file: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(PARTY_TOKEN_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const full: JWK = { ...jwk, kid, alg: PARTY_TOKEN_ALG, use: 'sig' };
  // Two gateways starting together agree on one key: the loser reads the winner's whole file.
  return JSON.parse(await createFileOnce(file, JSON.stringify(full, null, 2))) as JWK;
}

/** Builds the key from a stored private JWK, refusing anything but a P-256 private key. */
export async function fromPrivateJwk(jwk: JWK): Promise<PartyTokenKey> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d || !jwk.x || !jwk.y) {
    throw new Error('party-token key file does not hold an EC P-256 private key');
  }
  const publicPart: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicPart));
  const privateKey = (await importJWK({ ...jwk, ext: false }, PARTY_TOKEN_ALG)) as CryptoKey;
  return { kid, privateKey, publicJwk: { ...publicPart, kid, alg: PARTY_TOKEN_ALG, use: 'sig' } };
}
