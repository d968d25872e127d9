import { createHmac, sign, type KeyObject } from 'node:crypto';

/**
 * Hand-made compact JWS, the way an attacker builds them (no JOSE library would produce most of
 * these): for the specs of the party-token verifiers and for the e2e JWT attacks. Test code only
 * (`@claimguard/auth/testing`); nothing in the services imports it.
 */

/** The claims (or header) of a JWT, as an attacker writes them. */
export type Claims = Record<string, unknown>;

const enc = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `header.payload.` — the signature segment left empty. */
export function unsignedJwt(header: Claims, payload: Claims): string {
  return `${enc(header)}.${enc(payload)}.`;
}

/** An ES256 JWS (IEEE P1363 r‖s, as JOSE encodes it) signed with `key`. */
export function es256Jwt(header: Claims, payload: Claims, key: KeyObject): string {
  const input = `${enc(header)}.${enc(payload)}`;
  const sig = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}

/** An HS256 JWS with `secret` as the HMAC key (the key-confusion attack hands in a public key). */
export function hs256Jwt(header: Claims, payload: Claims, secret: string): string {
  const input = `${enc(header)}.${enc(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** An ES256 JWS whose signature is r = s = 0 (CVE-2022-21449, the "psychic signature"). */
export function psychicJwt(header: Claims, payload: Claims): string {
  return `${enc(header)}.${enc(payload)}.${Buffer.alloc(64).toString('base64url')}`;
}
