import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { PARTY_TOKEN_ALG, PARTY_TOKEN_TYP, type PartyTokenClaims } from '@claimguard/contracts';
import type { Caller } from '../edge-auth/caller.js';
import type { PartyTokenKey } from '../keys/party-token-key.js';

/** Life of a party token: one request's worth, well under the 60 s ceiling. */
export const PARTY_TOKEN_TTL_SECONDS = 30;

export interface PartyTokenRequest {
  issuer: string;
  /** The one service this token is for; it becomes `aud`. */
  service: string;
  caller: Caller;
  /** The matched route's required scopes (all held by the caller): the narrowed `scope`. */
  scopes: readonly string[];
  /** Epoch seconds; injectable for tests. */
  now?: number;
}

/**
 * Signs the party token for one forwarded request (docs/architecture.md, token journey step 4):
 * ES256 with `kid` and `typ: party+jwt`, audience the single target service, scope narrowed to the
 * route, a fresh `jti`, 30 s of life.
 * @example const jwt = await mintPartyToken(key, { issuer, service: 'claims', caller, scopes: ['claims:read'] });
 */
export async function mintPartyToken(
  key: PartyTokenKey,
  request: PartyTokenRequest,
): Promise<string> {
  const iat = request.now ?? Math.floor(Date.now() / 1000);
  const { caller } = request;
  const claims: Omit<PartyTokenClaims, 'iss' | 'aud' | 'sub' | 'jti' | 'iat' | 'exp'> = {
    party: caller.party,
    scope: request.scopes.join(' '),
  };
  if (caller.clientId !== undefined) claims.client_id = caller.clientId;
  if (caller.acr !== undefined) claims.acr = caller.acr;
  if (caller.amr !== undefined) claims.amr = caller.amr;
  if (caller.authTime !== undefined) claims.auth_time = caller.authTime;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: PARTY_TOKEN_ALG, kid: key.kid, typ: PARTY_TOKEN_TYP })
    .setIssuer(request.issuer)
    .setAudience(request.service)
    .setSubject(caller.sub)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + PARTY_TOKEN_TTL_SECONDS)
    .sign(key.privateKey);
}
