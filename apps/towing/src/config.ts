import { z } from 'zod';
import { baseEnv, loadConfigWithDefenses, serviceEnv, type WithDefenses } from '@claimguard/config';
import { SERVICE_NAME } from './service-name.js';

/** The towing service's environment, as docs/architecture.md "Configuration contract" lists it. */
export const TowingEnvSchema = z.object({
  ...baseEnv,
  ...serviceEnv,
  PORT: baseEnv.PORT.default(7002),
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
export type TowingConfig = WithDefenses<TowingEnv>;

/**
 * Reads and validates the configuration; throws `ConfigError` listing every bad key, and refuses
 * any defense off in production.
 * @example const config = loadTowingConfig(); // from process.env
 */
export function loadTowingConfig(
  env: Record<string, string | undefined> = process.env,
): TowingConfig {
  return loadConfigWithDefenses(TowingEnvSchema, env);
}
