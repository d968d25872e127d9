import { Inject, Injectable } from '@nestjs/common';
import type { RouteSpec } from '@claimguard/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';
import type { Caller } from '../edge-auth/caller.js';
import { PARTY_TOKEN_KEY } from '../keys/keys.tokens.js';
import type { PartyTokenKey } from '../keys/party-token-key.js';
import { mintPartyToken } from './mint-party-token.js';

/** Mints the party token for a matched route with the gateway's key and issuer. */
@Injectable()
export class PartyTokenMinter {
  constructor(
    @Inject(PARTY_TOKEN_KEY) private readonly key: PartyTokenKey,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  mint(caller: Caller, service: string, route: RouteSpec): Promise<string> {
    return mintPartyToken(this.key, {
      issuer: this.config.GATEWAY_ISSUER,
      service,
      caller,
      scopes: route.scopes,
    });
  }
}
