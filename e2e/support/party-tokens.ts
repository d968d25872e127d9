import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { mintWith, type MintOptions } from '@claimguard/testing';
import { env } from './env.js';

/**
 * A party token signed with the gateway's real key, read from the stack's git-ignored key folder.
 * It stands for a token lifted from a compromised service (its memory, a debug log, a core dump):
 * genuine signature, claims as the gateway mints them.
 */
export async function stolenPartyToken(options: MintOptions): Promise<string> {
  const dir = join(env.keysDir, 'gateway');
  const file = readdirSync(dir).find((f) => f.endsWith('.json') && f.includes('party'));
  if (!file) throw new Error(`no party-token key in ${dir}`);
  const jwk = JSON.parse(readFileSync(join(dir, file), 'utf8')) as JWK;
  const key = (await importJWK(jwk, 'ES256')) as CryptoKey;
  if (!jwk.kid) throw new Error('the gateway key has no kid');
  return mintWith(key, jwk.kid, options.iss ?? gatewayIssuer(), options);
}

/** The `iss` the gateway puts in party tokens (its public URL). */
export function gatewayIssuer(): string {
  return env.gateway;
}

/** Flips one character in the payload part of a JWT, keeping the signature. */
export function tamper(jwt: string): string {
  const [head, payload, signature] = jwt.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
    string,
    unknown
  >;
  claims.scope = `${String(claims.scope)} claims:write`;
  return [head, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

/** An unsigned token (`alg: none`) with the given claims. */
export function unsigned(claims: Record<string, unknown>, typ = 'party+jwt'): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${enc({ alg: 'none', typ })}.${enc(claims)}.`;
}
