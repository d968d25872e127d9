import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';
import { createFileOnce } from '@claimguard/config';

/** The one algorithm events are signed with; verification accepts nothing else. */
export const EVENT_SIGNING_ALG = 'ES256';

/** A service's event-signing key: the private half signs, `kid` is the public key's thumbprint. */
export interface EventSigningKey {
  service: string;
  kid: string;
  privateKey: CryptoKey;
}

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** Where a service's private key lives inside the keys folder (readable by that service only). */
export function privateKeyFile(dir: string, service: string): string {
  return join(dir, `${checkedService(service)}.private.jwk.json`);
}

/**
 * Where a service's public key is published inside the keys folder. In a deployment this is the
 * trust store every consumer mounts (e.g. a config map); here each service writes its own on
 * first start.
 */
export function publicKeyFile(dir: string, service: string): string {
  return join(dir, 'public', `${checkedService(service)}.jwk.json`);
}

function checkedService(service: string): string {
  // The name becomes a file name: no path tricks through an event's `source`.
  if (!SERVICE_NAME.test(service))
    throw new Error(`not a service name: ${JSON.stringify(service)}`);
  return service;
}

/**
 * Loads `service`'s event-signing key from `dir`, creating it on first start (folder 0700, private
 * file 0600, never committed) and publishing its public half under `public/`.
 * @example const key = await loadOrCreateEventSigningKey('.keys/dev/events', 'claims');
 */
export async function loadOrCreateEventSigningKey(
  dir: string,
  service: string,
): Promise<EventSigningKey> {
  const file = privateKeyFile(dir, service);
  let jwk: JWK;
  try {
    // A key provisioned by the platform (a mounted secret, read-only) is used as it is.
    jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
    await tighten(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(join(dir, 'public'), { recursive: true, mode: 0o700 });
    await tighten(dir, 0o700);
    jwk = await createPrivateKeyFile(file);
  }
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d || !jwk.x || !jwk.y) {
    throw new Error(`${service}'s event-signing key file does not hold an EC P-256 private key`);
  }
  const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  const kid = await calculateJwkThumbprint(publicJwk);
  await publish(dir, service, { ...publicJwk, kid, alg: EVENT_SIGNING_ALG, use: 'sig' });
  const privateKey = (await importJWK({ ...jwk, ext: false }, EVENT_SIGNING_ALG)) as CryptoKey;
  return { service, kid, privateKey };
}

/**
 * Publishes the public key into the trust store unless it is already there, so a trust store
 * that lost the file heals itself and a read-only one (a config map) that holds it is fine.
 */
async function publish(dir: string, service: string, jwk: JWK): Promise<void> {
  const file = publicKeyFile(dir, service);
  const text = JSON.stringify(jwk, null, 2);
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current !== undefined && (JSON.parse(current) as JWK).kid === jwk.kid) return;
  await mkdir(join(dir, 'public'), { recursive: true, mode: 0o700 });
  await writeFile(file, text, { mode: 0o644 });
}

/** Narrows a file's mode; a read-only mount (EROFS) or a file we do not own (EPERM) stays as is. */
async function tighten(path: string, mode: number): Promise<void> {
  try {
    await chmod(path, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EROFS' && code !== 'EPERM') throw error;
  }
}

async function createPrivateKeyFile(file: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(EVENT_SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  // Two replicas starting together agree on one key: the loser reads the winner's whole file.
  return JSON.parse(await createFileOnce(file, JSON.stringify(jwk, null, 2))) as JWK;
}
