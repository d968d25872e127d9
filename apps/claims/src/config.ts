import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import {
  baseEnv,
  ConfigError,
  loadConfigWithDefenses,
  serviceEnv,
  type WithDefenses,
} from '@claimguard/config';
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
  /**
   * How long one photo fetch may take in all (ms): connecting, the answer and every byte of its
   * body — a server that trickles a byte at a time is cut off at this deadline too.
   */
  PHOTO_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5000),
  /** The most photos one claim holds; a member cannot make the service fetch more for it. */
  PHOTO_MAX_PER_CLAIM: z.coerce.number().int().min(1).max(1000).default(20),
  /** The most bytes one photo fetch reads before it gives up. */
  PHOTO_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(50 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /**
   * DEV/TEST ONLY, refused with NODE_ENV=production: a PEM file of CA certificates photo fetches
   * trust besides the system store, so a stack's https stand-ins (certificates from the dev CA)
   * can be fetched. Production trusts the system store only.
   */
  PHOTO_CA_FILE: z.string().min(1).optional(),
  /**
   * DEV/TEST ONLY, refused with NODE_ENV=production: `name=address,…`, a hosts file for photo
   * fetches consulted before DNS (both modes), so test host names resolve without asking any
   * resolver. Addresses must be loopback: a stack contacts nothing else.
   */
  PHOTO_TEST_HOSTS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const hosts = new Map<string, string>();
      for (const entry of v.split(',').map((e) => e.trim())) {
        if (entry === '') continue;
        const [name, address, ...rest] = entry.split('=').map((p) => p.trim());
        if (!name || !address || rest.length > 0 || !isLoopback(address)) {
          ctx.addIssue({ code: 'custom', message: `not name=loopback-address: ${entry}` });
          return z.NEVER;
        }
        hosts.set(name.toLowerCase(), address);
      }
      return hosts;
    }),
  /**
   * DEV/TEST ONLY, refused with NODE_ENV=production: loopback addresses the guarded fetch treats as
   * public, so a loopback server can stand in for a public photo host (a stack may contact no
   * public address) and the checks after the address check — pinning, redirects — can be reached.
   */
  PHOTO_TEST_PUBLIC_ADDRESSES: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const addresses = v
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== '');
      const bad = addresses.filter((a) => !isLoopback(a));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `not loopback: ${bad.join(', ')}` });
        return z.NEVER;
      }
      return addresses;
    }),
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
  const config = loadConfigWithDefenses(ClaimsEnvSchema, env);
  if (config.NODE_ENV === 'production') {
    // The photo fetch's test seams would let a stand-in pass for a public host: never in production.
    const asked = (['PHOTO_CA_FILE', 'PHOTO_TEST_HOSTS', 'PHOTO_TEST_PUBLIC_ADDRESSES'] as const)
      .filter((key) => (env[key] ?? '').trim() !== '')
      .map((key) => `${key}: not allowed when NODE_ENV=production (dev/test stacks only)`);
    if (asked.length > 0) throw new ConfigError(asked);
  }
  return config;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8 or ::1: the only addresses a dev/test stack's photo fetches may be pointed at. */
function isLoopback(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
