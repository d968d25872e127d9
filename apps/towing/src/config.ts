import { z } from 'zod';
import {
  baseEnv,
  databaseUrl,
  DefenseSwitches,
  kafkaBrokers,
  loadConfig,
} from '@claimguard/config';
import { SERVICE_NAME } from './service-name.js';

/** An http(s) URL without trailing slashes (the gateway normalises its issuer the same way). */
const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));

/** The towing service's environment, as docs/architecture.md "Configuration contract" lists it. */
export const TowingEnvSchema = z.object({
  ...baseEnv,
  PORT: baseEnv.PORT.default(7002),
  DATABASE_URL: databaseUrl,
  KAFKA_BROKERS: kafkaBrokers,
  /** `iss` of party tokens: the gateway's `GATEWAY_ISSUER`. */
  PARTY_TOKEN_ISSUER: httpUrl,
  /** The gateway's JWKS, e.g. `http://127.0.0.1:8080/.well-known/jwks.json`. */
  PARTY_TOKEN_JWKS_URL: z.url({ protocol: /^https?$/ }),
  /**
   * Consumer group of the `ClaimFiled` consumer, also the consumer name of its inbox rows. Leave it
   * at `towing`; tests give each run its own group so one broker can serve many test files.
   */
  KAFKA_CONSUMER_GROUP: z
    .string()
    .regex(/^[a-z][a-z0-9._-]{0,99}$/, 'lower-case letters, digits, . _ -')
    .default(SERVICE_NAME),
});
export type TowingEnv = z.infer<typeof TowingEnvSchema>;

/** Validated configuration plus the training switches derived from it. */
export interface TowingConfig extends TowingEnv {
  defenses: DefenseSwitches;
}

/**
 * Reads and validates the configuration; throws `ConfigError` listing every bad key, and refuses
 * any defense off in production.
 * @example const config = loadTowingConfig(); // from process.env
 */
export function loadTowingConfig(
  env: Record<string, string | undefined> = process.env,
): TowingConfig {
  const parsed = loadConfig(TowingEnvSchema, env);
  return {
    ...parsed,
    defenses: DefenseSwitches.fromSetting(parsed.CLAIMGUARD_DEFENSES_OFF, parsed.NODE_ENV),
  };
}
