import { z } from 'zod';
import { databaseUrl, kafkaBrokers } from './load-config.js';

/** An http(s) URL without trailing slashes (the gateway normalises its issuer the same way). */
export const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));

/**
 * The keys every domain service behind the gateway shares (claims, towing, repair, rental): its own
 * database, the Kafka brokers, and where its party tokens come from. Spread it after `baseEnv`; the
 * service adds its port default and its own keys. `@claimguard/service-kit` reads these keys.
 * @example
 * const ClaimsEnvSchema = z.object({ ...baseEnv, ...serviceEnv, PORT: baseEnv.PORT.default(7001) });
 */
export const serviceEnv = {
  DATABASE_URL: databaseUrl,
  KAFKA_BROKERS: kafkaBrokers,
  /** `iss` of party tokens: the gateway's `GATEWAY_ISSUER` (a trailing `/` is ignored). */
  PARTY_TOKEN_ISSUER: httpUrl,
  /** The gateway's JWKS, e.g. `http://127.0.0.1:8080/.well-known/jwks.json`. */
  PARTY_TOKEN_JWKS_URL: z.url({ protocol: /^https?$/ }),
  /**
   * The event-signing key folder: the service's own private key (`<service>.private.jwk.json`,
   * created on first start) and the trust store of every producer's public key (`public/`).
   */
  EVENT_KEYS_DIR: z.string().min(1),
  /**
   * TEST ONLY, refused with NODE_ENV=production: makes the process exit at one crash point
   * (libs/service-kit `CRASH_POINTS`) so tests can prove that a crash loses and doubles nothing.
   */
  FAULT_INJECTION: z.enum(['exit-after-consume-commit', 'exit-after-publish']).optional(),
};

/** The validated values of `serviceEnv` (brokers already split into a list). */
export type ServiceEnv = z.infer<z.ZodObject<typeof serviceEnv>>;
