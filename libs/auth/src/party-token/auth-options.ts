import type { DefenseSwitches } from '@claimguard/config';
import type { Logger } from '@claimguard/observability';
import type { CallerAuthOptions } from '../mtls/caller-options.js';

/** What a service tells `PartyAuthModule` about itself. */
export interface PartyAuthOptions {
  /** This service's name: the only `aud` it accepts (`claims`, `towing`, …). */
  service: string;
  /** The gateway's issuer (`iss` of every party token). */
  issuer: string;
  /** The gateway's JWKS URL. */
  jwksUrl: string;
  defenses: DefenseSwitches;
  logger: Logger;
  /**
   * Which workloads may call which route (defense `mtls`). When given, the caller guard runs
   * before the party-token guard on every route.
   */
  callers?: Omit<CallerAuthOptions, 'defenses' | 'logger'>;
  /**
   * identity's issuer and JWKS URL, for routes marked `@ExchangedToken(scope)` (RFC 8693 token
   * exchange, east-west calls). Without it those routes refuse every token.
   */
  exchange?: { issuer: string; jwksUrl: string };
}

export const PARTY_AUTH_OPTIONS = Symbol('PARTY_AUTH_OPTIONS');
