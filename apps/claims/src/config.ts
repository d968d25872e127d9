import { z } from 'zod';
import { baseEnv, loadConfigWithDefenses, serviceEnv, type WithDefenses } from '@claimguard/config';

/** The claims service's environment, as docs/architecture.md "Configuration contract" lists it. */
export const ClaimsEnvSchema = z.object({
  ...baseEnv,
  ...serviceEnv,
  PORT: baseEnv.PORT.default(7001),
});
export type ClaimsEnv = z.infer<typeof ClaimsEnvSchema>;

/** Validated configuration plus the training switches derived from it. */
export type ClaimsConfig = WithDefenses<ClaimsEnv>;

/**
 * Reads and validates the configuration; throws `ConfigError` listing every bad key, and refuses
 * any defense off in production.
 * @example const config = loadClaimsConfig(); // from process.env
 */
export function loadClaimsConfig(
  env: Record<string, string | undefined> = process.env,
): ClaimsConfig {
  return loadConfigWithDefenses(ClaimsEnvSchema, env);
}
