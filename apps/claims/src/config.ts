import { z } from 'zod';
import {
  baseEnv,
  databaseUrl,
  DefenseSwitches,
  kafkaBrokers,
  loadConfig,
} from '@claimguard/config';

/** An http(s) URL without trailing slashes (the gateway normalises its issuer the same way). */
const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));

/** The claims service's environment, as docs/architecture.md "Configuration contract" lists it. */
export const ClaimsEnvSchema = z.object({
  ...baseEnv,
  PORT: baseEnv.PORT.default(7001),
  DATABASE_URL: databaseUrl,
  KAFKA_BROKERS: kafkaBrokers,
  /** `iss` of party tokens: the gateway's `GATEWAY_ISSUER`. */
  PARTY_TOKEN_ISSUER: httpUrl,
  /** The gateway's JWKS, e.g. `http://127.0.0.1:8080/.well-known/jwks.json`. */
  PARTY_TOKEN_JWKS_URL: z.url({ protocol: /^https?$/ }),
});
export type ClaimsEnv = z.infer<typeof ClaimsEnvSchema>;

/** Validated configuration plus the training switches derived from it. */
export interface ClaimsConfig extends ClaimsEnv {
  defenses: DefenseSwitches;
}

/**
 * Reads and validates the configuration; throws `ConfigError` listing every bad key, and refuses
 * any defense off in production.
 * @example const config = loadClaimsConfig(); // from process.env
 */
export function loadClaimsConfig(
  env: Record<string, string | undefined> = process.env,
): ClaimsConfig {
  const parsed = loadConfig(ClaimsEnvSchema, env);
  return {
    ...parsed,
    defenses: DefenseSwitches.fromSetting(parsed.CLAIMGUARD_DEFENSES_OFF, parsed.NODE_ENV),
  };
}
