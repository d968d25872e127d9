import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { PartySchema, parseScope } from '@claimguard/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config.js';
import { GatewayError } from '../errors/gateway.error.js';
import { IdentityDiscovery } from '../introspection/identity-discovery.js';
import type { Caller } from './caller.js';

const AccessTokenClaimsSchema = z.object({
  sub: z.string().min(1),
  scope: z.string().default(''),
  party: PartySchema,
  client_id: z.string().optional(),
  exp: z.number().int(),
  acr: z.string().optional(),
  amr: z.array(z.string()).optional(),
  auth_time: z.number().int().optional(),
});

export type LocalVerification = { ok: true; caller: Caller } | { ok: false; reason: string };

/**
 * Training path of `phantom-token` OFF: verifies identity's JWT access token locally (ES256
 * pinned, issuer and audience checked, keys from identity's JWKS) without asking identity whether
 * it was revoked. That blindness is the lesson: a revoked token keeps working until it expires.
 */
@Injectable()
export class IdentityJwtVerifier {
  private keys: JWTVerifyGetKey | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly discovery: IdentityDiscovery,
  ) {}

  async verify(token: string): Promise<LocalVerification> {
    const metadata = await this.discovery.get();
    this.keys ??= createRemoteJWKSet(new URL(metadata.jwksUri));
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: ['ES256'],
        issuer: metadata.issuer,
        audience: this.config.API_AUDIENCE,
      });
      const claims = AccessTokenClaimsSchema.safeParse(payload);
      if (!claims.success) return { ok: false, reason: 'JWT access token lacks sub, party or exp' };
      const c = claims.data;
      const caller: Caller = {
        sub: c.sub,
        party: c.party,
        scopes: parseScope(c.scope),
        exp: c.exp,
        source: 'local-jwt',
      };
      if (c.client_id !== undefined) caller.clientId = c.client_id;
      if (c.acr !== undefined) caller.acr = c.acr;
      if (c.amr !== undefined) caller.amr = c.amr;
      if (c.auth_time !== undefined) caller.authTime = c.auth_time;
      return { ok: true, caller };
    } catch (error) {
      if (isKeySourceFailure(error)) {
        throw new GatewayError(
          'GATEWAY.UPSTREAM_UNAVAILABLE',
          'The identity provider is unavailable',
        );
      }
      const code = error instanceof errors.JOSEError ? error.code : 'ERR_UNKNOWN';
      return { ok: false, reason: `JWT access token failed local verification (${code})` };
    }
  }
}

/** The JWKS could not be fetched: identity is down, which is not the token's fault. */
function isKeySourceFailure(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout) return true;
  if (error instanceof errors.JOSEError) return false;
  return error instanceof TypeError || (error as { name?: string }).name === 'AbortError';
}
