import { createPublicKey } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { PartySchema, parseScope, type Party } from '@claimguard/contracts';

/** JOSE `typ` of a token identity issues by token exchange (RFC 8693); distinct from `party+jwt`. */
export const EXCHANGED_TOKEN_TYP = 'exchanged+jwt';
/** The only signing algorithm accepted for an exchanged token. */
export const EXCHANGED_TOKEN_ALG = 'ES256';
/** Upper bound of an exchanged token's life, in seconds. */
export const EXCHANGED_TOKEN_MAX_TTL_SECONDS = 60;

const ExchangedTokenClaimsSchema = z.object({
  iss: z.string().min(1),
  aud: z.string().min(1),
  sub: z.string().min(1),
  party: PartySchema,
  scope: z.string(),
  act: z.object({ sub: z.string().min(1) }).loose(),
  jti: z.string().min(16).optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});

/** Where the verifier finds the issuer's public keys (a `JwksKeyStore` on identity's JWKS). */
export interface ExchangedTokenKeys {
  get(kid: string): Promise<string | undefined>;
}

export interface ExchangedTokenVerifierOptions {
  /** identity's issuer: the only `iss` accepted. */
  issuer: string;
  /** This service's name: the only `aud` accepted. */
  audience: string;
  keys: ExchangedTokenKeys;
  clockToleranceSeconds?: number;
  now?: () => Date;
}

/** Who an exchanged token speaks for, and which workload acts for them. */
export interface ExchangedParty {
  sub: string;
  party: Party;
  scopes: string[];
  actor: string;
  tokenId?: string;
}

export type ExchangedTokenResult =
  { ok: true; party: ExchangedParty } | { ok: false; reason: string };

/**
 * Verifies a token identity issued by token exchange for an east-west call, deny by default:
 * ES256 and `typ` pinned, issuer = identity, audience = this service, at most 60 s of life,
 * `act.sub` equal to the workload the mTLS handshake verified, and the route's scope granted.
 * Not wired into any service yet.
 */
export class ExchangedTokenVerifier {
  constructor(private readonly options: ExchangedTokenVerifierOptions) {}

  async verify(
    jwt: string | undefined,
    expected: {
      callerWorkload: string | undefined;
      requiredScope: string;
      /** Default true. False only with defense `mtls` off (training): `act.sub` is not matched. */
      bindActor?: boolean;
    },
  ): Promise<ExchangedTokenResult> {
    const bindActor = expected.bindActor ?? true;
    if (!jwt) return { ok: false, reason: 'no token' };
    if (bindActor && !expected.callerWorkload) return { ok: false, reason: 'no verified caller' };
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(jwt);
    } catch {
      return { ok: false, reason: 'malformed token' };
    }
    if (header.alg !== EXCHANGED_TOKEN_ALG || header.typ !== EXCHANGED_TOKEN_TYP || !header.kid) {
      return { ok: false, reason: 'not an exchanged token' };
    }
    let pem: string | undefined;
    try {
      pem = await this.options.keys.get(header.kid);
    } catch {
      return { ok: false, reason: 'issuer keys unavailable' };
    }
    if (!pem) return { ok: false, reason: 'unknown signing key' };

    let payload: unknown;
    try {
      const verified = await jwtVerify(jwt, createPublicKey(pem), {
        algorithms: [EXCHANGED_TOKEN_ALG],
        typ: EXCHANGED_TOKEN_TYP,
        issuer: this.options.issuer,
        audience: this.options.audience,
        maxTokenAge: `${EXCHANGED_TOKEN_MAX_TTL_SECONDS}s`,
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
        requiredClaims: ['iat', 'exp', 'sub'],
        ...(this.options.now ? { currentDate: this.options.now() } : {}),
      });
      payload = verified.payload;
    } catch (error) {
      return {
        ok: false,
        reason: error instanceof errors.JOSEError ? error.code : 'invalid token',
      };
    }

    const claims = ExchangedTokenClaimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: 'claims do not match an exchanged token' };
    const c = claims.data;
    // A single audience only: a token for several services could be replayed at each of them.
    if (c.aud !== this.options.audience) return { ok: false, reason: 'audience' };
    if (c.exp - c.iat > EXCHANGED_TOKEN_MAX_TTL_SECONDS) {
      return { ok: false, reason: 'token lives too long' };
    }
    if (bindActor && c.act.sub !== expected.callerWorkload) {
      return { ok: false, reason: 'actor is not the calling workload' };
    }
    const scopes = parseScope(c.scope);
    if (!scopes.includes(expected.requiredScope)) return { ok: false, reason: 'scope' };
    return {
      ok: true,
      party: {
        sub: c.sub,
        party: c.party,
        scopes,
        actor: c.act.sub,
        ...(c.jti ? { tokenId: c.jti } : {}),
      },
    };
  }
}
