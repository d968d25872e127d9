import { z } from 'zod';
import { baseEnv, loadConfigWithDefenses, serviceEnv, type WithDefenses } from '@claimguard/config';
import { SERVICE_NAME } from './service-name.js';

/** The rental service's environment, as docs/architecture.md "Configuration contract" lists it. */
export const RentalEnvSchema = z.object({
  ...baseEnv,
  ...serviceEnv,
  PORT: baseEnv.PORT.default(7004),
  /**
   * Consumer group of the `ClaimFiled`/`RepairCompleted` consumer, also the consumer name of its
   * inbox rows. Leave it at `rental`; tests give each run its own group so one broker can serve
   * many test files.
   */
  KAFKA_CONSUMER_GROUP: z
    .string()
    .regex(/^[a-z][a-z0-9._-]{0,99}$/, 'lower-case letters, digits, . _ -')
    .default(SERVICE_NAME),
  /**
   * Coverage at confirmation (token exchange, RFC 8693): claims' base URL (https with mTLS, rental's
   * own certificate), identity's token endpoint and the secret of client `claimguard-rental`.
   * Without them a confirmation answers 503 `RENTAL.COVERAGE_UNAVAILABLE`.
   */
  CLAIMS_URL: z.url({ protocol: /^https?$/ }).optional(),
  IDENTITY_TOKEN_URL: z.url({ protocol: /^https?$/ }).optional(),
  RENTAL_CLIENT_SECRET: z.string().min(32).optional(),
});
export type RentalEnv = z.infer<typeof RentalEnvSchema>;

/** Validated configuration plus the training switches derived from it. */
export type RentalConfig = WithDefenses<RentalEnv>;

/**
 * Reads and validates the configuration; throws `ConfigError` listing every bad key, and refuses
 * any defense off in production.
 * @example const config = loadRentalConfig(); // from process.env
 */
export function loadRentalConfig(
  env: Record<string, string | undefined> = process.env,
): RentalConfig {
  return loadConfigWithDefenses(RentalEnvSchema, env);
}
