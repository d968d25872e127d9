import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  X509Certificate,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { es256Jwt, type Claims } from '@claimguard/auth/testing';
import type { AttackResult } from './attack.js';
import { call } from './api.js';
import { env } from './env.js';
import { gatewayIssuer } from './party-tokens.js';
import { login, persona } from './personas.js';

/** The JWS primitives are shared with the verifiers' own specs (libs/auth `testing`). */
export { es256Jwt, hs256Jwt, psychicJwt, unsignedJwt } from '@claimguard/auth/testing';

/** What anyone can read from the gateway's JWKS: the party-token key's `kid` and public key. */
export interface PublishedKey {
  kid: string;
  publicKey: KeyObject;
  /** The key as SPKI PEM — the text a confused verifier uses as an HMAC secret. */
  pem: string;
}

/** Reads the gateway's public party-token key from its JWKS, as any attacker can. */
export async function gatewayPublishedKey(): Promise<PublishedKey> {
  const response = await call<{ keys?: (JsonWebKey & { kid?: string })[] }>(
    'GET',
    '/.well-known/jwks.json',
  );
  const jwk = response.body.keys?.find((k) => k.kty === 'EC' && k.kid);
  if (response.status !== 200 || !jwk?.kid) throw new Error('the gateway publishes no JWKS key');
  const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
  return {
    kid: jwk.kid,
    publicKey,
    pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * The claims of a party token for claims, forged for `username` (their party, `claims:read`),
 * fresh each call (new `jti`, `iat` now).
 */
export function partyClaimsFor(username: string, over: Claims = {}): Claims {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: gatewayIssuer(),
    aud: 'claims',
    sub: `${username}-sub`,
    party: persona(username).party,
    scope: 'claims:read',
    jti: randomUUID(),
    iat: now,
    exp: now + 30,
    ...over,
  };
}

/** A fresh P-256 key pair of the attacker's, with its public JWK. */
export function attackerKey(): { privateKey: KeyObject; jwk: JsonWebKey & { kid: string } } {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKey: pair.privateKey,
    jwk: { ...pair.publicKey.export({ format: 'jwk' }), kid: `attacker-${randomUUID()}` },
  };
}

/**
 * A certificate with a private key the attacker holds: the gateway's stolen workload certificate
 * (the same one they call services with). `x5c` carries it, as an `x5u` URL would serve it.
 */
export function stolenWorkloadCertificate(): { x5c: string[]; privateKey: KeyObject } {
  const dir = join(env.keysDir, 'pki');
  return {
    x5c: [new X509Certificate(readFileSync(join(dir, 'gateway.crt'))).raw.toString('base64')],
    privateKey: createPrivateKey(readFileSync(join(dir, 'gateway.key'))),
  };
}

/**
 * Signs `claims` with the gateway's real party-token key (the stack's git-ignored key folder) and
 * the given header fields. The attacker does not hold this key: it stands for tokens the gateway
 * did sign that reach them — an expired token lifted from a log, one minted by a sibling
 * environment's gateway sharing the key (another `iss`), or with another `typ` — so the scenario
 * proves the claim checks, not the signature.
 */
export function gatewaySigned(claims: Claims, header: Claims = {}): string {
  const dir = join(env.keysDir, 'gateway');
  const file = readdirSync(dir).find((f) => f.endsWith('.json') && f.includes('party'));
  if (!file) throw new Error(`no party-token key in ${dir}`);
  const jwk = JSON.parse(readFileSync(join(dir, file), 'utf8')) as JsonWebKey & { kid?: string };
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  return es256Jwt({ alg: 'ES256', typ: 'party+jwt', kid: jwk.kid, ...header }, claims, key);
}

/**
 * Presents `token` straight to claims (inside the network, the gateway's stolen certificate) and
 * lists claims with it. Succeeded means the token was served as `victim`: a non-empty list, every
 * claim of which is on the list `victim` sees through the gateway with a real sign-in (read right
 * after, so a claim assigned in between cannot make it fail). Blocked is claims' 401.
 */
export async function listClaimsWith(
  token: string,
  victim: string,
  how = 'forged',
): Promise<AttackResult> {
  const response = await call<{ code?: string; items?: { id: string }[] }>(
    'GET',
    '/claims?limit=100',
    {
      base: env.claims,
      as: 'gateway',
      token,
      headers: { 'x-correlation-id': crypto.randomUUID() },
    },
  );
  if (response.status === 200 && Array.isArray(response.body.items)) {
    const served = response.body.items.map((c) => c.id);
    const own = await call<{ items?: { id: string }[] }>('GET', '/api/claims?limit=100', {
      token: await login(victim, 'claims:read'),
    });
    const theirs = new Set((own.body.items ?? []).map((c) => c.id));
    if (served.length > 0 && served.every((id) => theirs.has(id))) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `claims served ${victim}'s own claims (${served.length}, each on the list ${victim} sees through the gateway) to a ${how} token`,
      };
    }
    return {
      outcome: 'inconclusive',
      status: 200,
      evidence: `a ${how} token got ${served.length} claim(s), not shown to be ${victim}'s (${victim} sees ${theirs.size})`,
    };
  }
  if (response.status === 401 && response.body.code === 'AUTH.TOKEN_INVALID') {
    return {
      outcome: 'blocked',
      status: 401,
      correlationId: response.correlationId,
      evidence: 'claims refused the token: AUTH.TOKEN_INVALID',
    };
  }
  return {
    outcome: 'inconclusive',
    status: response.status,
    evidence: JSON.stringify(response.body),
  };
}
