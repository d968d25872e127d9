import { Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import {
  PARTY_TOKEN_ALG,
  PARTY_TOKEN_TYP,
  PartyTokenClaimsSchema,
  parseScope,
} from '@claimguard/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';
import { PARTY_TOKEN_KEY } from '../keys/keys.tokens.js';
import type { PartyTokenKey } from '../keys/party-token-key.js';
import type { Caller } from './caller.js';

/**
 * Recognises a party token signed by this gateway's own key. With `party-token` on, that is only
 * used to name the attack in the audit log; with it off, the token is (wrongly) trusted as a caller.
 */
@Injectable()
export class OwnPartyTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    @Inject(PARTY_TOKEN_KEY) key: PartyTokenKey,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.keys = createLocalJWKSet({ keys: [key.publicJwk] });
  }

  /** The caller the token names, or undefined when it is not a valid party token of ours. */
  async verify(token: string): Promise<Caller | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: [PARTY_TOKEN_ALG],
        issuer: this.config.GATEWAY_ISSUER,
        typ: PARTY_TOKEN_TYP,
      });
      const claims = PartyTokenClaimsSchema.parse(payload);
      const caller: Caller = {
        sub: claims.sub,
        party: claims.party,
        scopes: parseScope(claims.scope),
        exp: claims.exp,
        source: 'own-party-token',
      };
      if (claims.client_id !== undefined) caller.clientId = claims.client_id;
      return caller;
    } catch {
      return undefined;
    }
  }
}
