import { z } from 'zod';
import { baseEnv, loadConfigWithDefenses, serviceEnv, type WithDefenses } from '@claimguard/config';
import { STEP_UP_MAX_AGE_SECONDS } from '@claimguard/contracts';
import { SERVICE_NAME } from './service-name.js';

const consumerGroup = (fallback: string) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9._-]{0,99}$/, 'lower-case letters, digits, . _ -')
    .default(fallback);

/** The claims service's environment, as docs/architecture.md "Configuration contract" lists it. */
export const ClaimsEnvSchema = z.object({
  ...baseEnv,
  ...serviceEnv,
  PORT: baseEnv.PORT.default(7001),
  /**
   * Consumer group (and inbox consumer name) of the saga consumer that moves claims on from
   * towing's and repair's events. Leave it at `claims`; tests give each run its own.
   */
  KAFKA_CONSUMER_GROUP: consumerGroup(SERVICE_NAME),
  /** Consumer group of the timeline projection; a new group id replays every topic (rebuild). */
  TIMELINE_CONSUMER_GROUP: consumerGroup(`${SERVICE_NAME}-timeline`),
  /**
   * The $5,000 step-up rule's `max_age`: how recent (s) the adjuster's MFA must be. 300 (RFC 9470
   * example, DESIGN.md); the e2e stack shortens it so the attack need not wait five minutes.
   */
  STEP_UP_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(STEP_UP_MAX_AGE_SECONDS),
  /**
   * Hosts a member's photo URLs may point at (comma-separated names, exact match; defense `ssrf`).
   * Empty (the default): no photo URL is fetched at all.
   */
  PHOTO_URL_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== ''),
    ),
  /** How long one photo fetch may take (ms). */
  PHOTO_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5000),
  /** The most bytes one photo fetch reads before it gives up. */
  PHOTO_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(50 * 1024 * 1024)
    .default(10 * 1024 * 1024),
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
