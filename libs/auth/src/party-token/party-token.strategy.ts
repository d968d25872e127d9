import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy, type StrategyOptionsWithRequest } from 'passport-jwt';
import {
  PARTY_TOKEN_ALG,
  PARTY_TOKEN_MAX_TTL_SECONDS,
  PARTY_TOKEN_TYP,
  PartyTokenClaimsSchema,
  parseScope,
} from '@claimguard/contracts';
import { audit, correlationIdOf } from '@claimguard/observability';
import type { AuthenticatedParty } from './authenticated-party.js';
import { PARTY_AUTH_OPTIONS, type PartyAuthOptions } from './auth-options.js';
import { JwksKeyStore } from './jwks-key-store.js';

export const PARTY_TOKEN_STRATEGY = 'party-token';

/**
 * Verifies the gateway's party token: ES256 only, `typ` `party+jwt`, issuer pinned, audience =
 * this service (the `jwt-audience` defense), at most 60 s old. Keys come from the gateway's JWKS.
 */
@Injectable()
export class PartyTokenStrategy extends PassportStrategy(Strategy, PARTY_TOKEN_STRATEGY) {
  constructor(@Inject(PARTY_AUTH_OPTIONS) options: PartyAuthOptions) {
    const keys = new JwksKeyStore(options.jwksUrl);
    const strategyOptions: StrategyOptionsWithRequest = {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      passReqToCallback: true,
      algorithms: [PARTY_TOKEN_ALG],
      issuer: options.issuer,
      jsonWebTokenOptions: { maxAge: `${PARTY_TOKEN_MAX_TTL_SECONDS}s`, clockTolerance: 5 },
      secretOrKeyProvider: (_req, rawJwt: string, done) => {
        const header = decodeHeader(rawJwt);
        const refusal = headerRefusal(header);
        if (refusal || !header?.kid) {
          done(new Error(refusal ?? 'no kid: unknown signing key'));
          return;
        }
        keys.get(header.kid).then(
          (key) => (key ? done(null, key) : done(new Error('unknown signing key'))),
          (error: unknown) => done(error),
        );
      },
    };
    super(strategyOptions);
    this.options = options;
  }

  private readonly options: PartyAuthOptions;

  /**
   * Checks the audience (defense `jwt-audience`, read per request so a runtime flip applies at
   * once; off, a token minted for another service is let in and audited as `defense.off`) and
   * shapes the verified claims; a token missing `party` or `scope` is refused.
   */
  validate(
    req: { headers: Parameters<typeof correlationIdOf>[0] },
    payload: unknown,
  ): AuthenticatedParty | false {
    const claims = PartyTokenClaimsSchema.safeParse(payload);
    if (!claims.success) {
      // jsonwebtoken lets a token without exp through; a party token must say when it ends.
      const exp = (payload as { exp?: unknown } | null)?.exp;
      if (typeof exp !== 'number') throw new Error('jwt exp missing');
      return false;
    }
    const c = claims.data;
    if (c.aud !== this.options.service) {
      if (this.options.defenses.isOn('jwt-audience')) {
        // The guard audits it as token.rejected with defense jwt-audience (the word "audience").
        throw new Error(`jwt audience invalid. expected: ${this.options.service}`);
      }
      audit(this.options.logger, {
        action: 'defense.off',
        defense: 'jwt-audience',
        correlationId: correlationIdOf(req.headers),
        sub: c.sub,
        party: c.party,
        reason: `training mode: party token for ${c.aud} accepted by ${this.options.service}`,
      });
    }
    return {
      sub: c.sub,
      party: c.party,
      scopes: parseScope(c.scope),
      clientId: c.client_id,
      acr: c.acr,
      amr: c.amr,
      authTime: c.auth_time,
      tokenId: c.jti,
    };
  }
}

/**
 * Why a header is no party token's, or undefined: the algorithm is pinned (defense `jwt-alg`; the
 * header's own `jwk`, `jku`, `x5u` and `x5c` are never looked at, the key comes from the JWKS by
 * `kid` alone) and the type is `party+jwt` (defense `jwt-claims`). The guard maps the words of
 * these reasons to the defense in its `token.rejected` audit line.
 */
function headerRefusal(
  header: { alg?: string; typ?: string; kid?: string } | undefined,
): string | undefined {
  if (!header) return 'jwt malformed';
  if (header.alg !== PARTY_TOKEN_ALG)
    return `alg ${String(header.alg)} refused: not ${PARTY_TOKEN_ALG}`;
  if (header.typ !== PARTY_TOKEN_TYP) return `typ ${String(header.typ)} refused: not a party token`;
  if (typeof header.kid !== 'string' || !header.kid) return 'no kid: unknown signing key';
  return undefined;
}

function decodeHeader(jwt: string): { alg?: string; typ?: string; kid?: string } | undefined {
  try {
    const [head] = jwt.split('.');
    return JSON.parse(Buffer.from(head ?? '', 'base64url').toString('utf8')) as {
      alg?: string;
      typ?: string;
      kid?: string;
    };
  } catch {
    return undefined;
  }
}
