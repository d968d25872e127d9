import { Inject, Injectable } from '@nestjs/common';
import type { DefenseSwitches } from '@claimguard/config';
import type { DefenseId } from '@claimguard/contracts';
import { audit, type Logger } from '@claimguard/observability';
import { GATEWAY_LOGGER } from '../config.js';
import { GatewayError } from '../errors/gateway.error.js';
import { CachedIntrospection } from '../introspection/cached-introspection.js';
import { DEFENSE_SWITCHES } from '../meta/meta.tokens.js';
import { isJwtShaped, parseBearer } from './bearer.js';
import type { Caller } from './caller.js';
import { IdentityJwtVerifier } from './identity-jwt.verifier.js';
import { OwnPartyTokenVerifier } from './own-party-token.verifier.js';
import { bearerChallenge } from './www-authenticate.js';

/**
 * Turns the request's bearer into a {@link Caller}, or refuses with 401.
 *
 * With every defense on, the only way in is introspection at identity. The two training paths
 * (`party-token` off: trust a JWT signed by our own party-token key; `phantom-token` off: verify
 * identity's JWT locally) exist so workshops can show the attacks they allow; each use is audited.
 */
@Injectable()
export class EdgeAuthenticator {
  constructor(
    @Inject(DEFENSE_SWITCHES) private readonly switches: DefenseSwitches,
    @Inject(GATEWAY_LOGGER) private readonly log: Logger,
    private readonly introspection: CachedIntrospection,
    private readonly ownPartyTokens: OwnPartyTokenVerifier,
    private readonly identityJwts: IdentityJwtVerifier,
  ) {}

  async authenticate(
    authorization: string | string[] | undefined,
    correlationId: string,
  ): Promise<Caller> {
    const bearer = parseBearer(authorization);
    if (bearer.kind === 'missing') {
      throw new GatewayError('AUTH.TOKEN_MISSING', 'A bearer token is required', {
        wwwAuthenticate: bearerChallenge(),
        audit: { reason: 'no bearer token' },
      });
    }
    if (bearer.kind === 'malformed') throw invalidToken('bearer token is not a valid b64token');
    const token = bearer.token;

    if (isJwtShaped(token)) {
      const own = await this.ownPartyTokens.verify(token);
      if (own) {
        if (this.switches.isOn('party-token')) {
          throw invalidToken(
            'a party token minted by this gateway was presented at the edge',
            'party-token',
          );
        }
        return this.trainingAccept(
          own,
          'party-token',
          correlationId,
          'trusted a bearer JWT signed with our own party-token key',
        );
      }
      if (!this.switches.isOn('phantom-token')) {
        const local = await this.identityJwts.verify(token);
        if (!local.ok) throw invalidToken(local.reason);
        return this.trainingAccept(
          local.caller,
          'phantom-token',
          correlationId,
          'accepted a JWT access token without introspection',
        );
      }
    }

    const outcome = await this.introspection.check(token);
    if (!outcome.active) {
      // Who refused: a token the gateway had cached as active until identity's revocation event
      // dropped it is `revocation`'s refusal; any other token identity calls inactive (a logged-out
      // token never cached, a JWT the gateway will not trust locally) is the phantom-token
      // pattern's: every bearer is asked about at identity.
      throw invalidToken(outcome.reason, outcome.revoked ? 'revocation' : 'phantom-token');
    }
    return outcome.caller;
  }

  private trainingAccept(
    caller: Caller,
    defense: DefenseId,
    correlationId: string,
    reason: string,
  ): Caller {
    audit(this.log, {
      action: 'defense.off',
      defense,
      correlationId,
      sub: caller.sub,
      party: caller.party,
      reason: `${reason} (defense ${defense} is off)`,
    });
    return caller;
  }
}

function invalidToken(reason: string, defense?: DefenseId): GatewayError {
  return new GatewayError('AUTH.TOKEN_INVALID', 'The bearer token is invalid or expired', {
    wwwAuthenticate: bearerChallenge({ error: 'invalid_token' }),
    audit: defense ? { reason, defense } : { reason },
  });
}
