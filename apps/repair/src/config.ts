import { z } from 'zod';
import { baseEnv, loadConfigWithDefenses, serviceEnv, type WithDefenses } from '@claimguard/config';
import { SERVICE_NAME } from './service-name.js';

/** The repair service's environment, as docs/architecture.md "Configuration contract" lists it. */
export const RepairEnvSchema = z.object({
  ...baseEnv,
  ...serviceEnv,
  PORT: baseEnv.PORT.default(7003),
  /**
   * Consumer group of the towing and claims events consumer, also the consumer name of its inbox
   * rows. Leave it at `repair`; tests give each run its own group so one broker can serve many
   * test files.
   */
  KAFKA_CONSUMER_GROUP: z
    .string()
    .regex(/^[a-z][a-z0-9._-]{0,99}$/, 'lower-case letters, digits, . _ -')
    .default(SERVICE_NAME),
});
export type RepairEnv = z.infer<typeof RepairEnvSchema>;

/** Validated configuration plus the training switches derived from it. */
export type RepairConfig = WithDefenses<RepairEnv>;

/**
 * Reads and validates the configuration; throws `ConfigError` listing every bad key, and refuses
 * any defense off in production.
 * @example const config = loadRepairConfig(); // from process.env
 */
export function loadRepairConfig(
  env: Record<string, string | undefined> = process.env,
): RepairConfig {
  return loadConfigWithDefenses(RepairEnvSchema, env);
}
