import { Controller, Get, Inject } from '@nestjs/common';
import type { JSONWebKeySet } from 'jose';
import { PARTY_TOKEN_KEY } from './keys.tokens.js';
import type { PartyTokenKey } from './party-token-key.js';

/** Serves the public half of the party-token key; services verify party tokens with it. */
@Controller('.well-known')
export class JwksController {
  constructor(@Inject(PARTY_TOKEN_KEY) private readonly key: PartyTokenKey) {}

  @Get('jwks.json')
  jwks(): JSONWebKeySet {
    // Built from the public JWK only: the private `d` can never slip into this answer.
    const { kty, crv, x, y, kid, alg, use } = this.key.publicJwk;
    return { keys: [{ kty, crv, x, y, kid, alg, use }] };
  }
}
