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
   * Token exchange (RFC 8693): identity's issuer and JWKS, for the east-west routes that accept a
   * token identity exchanged for this service. Unset: such routes refuse every token.
   */
  EXCHANGED_TOKEN_ISSUER: httpUrl.optional(),
  EXCHANGED_TOKEN_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * mTLS (defense `mtls`): the service's own certificate and key (PEM), and the CA its callers'
   * certificates must chain to. All three or none; required when NODE_ENV=production. With them
   * the service listens on https and demands a client certificate; without them (dev and tests
   * without a PKI) it listens on plain http and checks no caller identity.
   */
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  TLS_CA_FILE: z.string().min(1).optional(),
  /**
   * The training switchboard (the gateway's base URL): the service syncs the training switches
   * with it at runtime and reports training-path uses for the workshop scoreboard. Unset: the
   * switches stay as `CLAIMGUARD_DEFENSES_OFF` set them. Refused with NODE_ENV=production.
   */
  TRAINING_SWITCHBOARD_URL: httpUrl.optional(),
  /**
   * Prometheus text exposition at `http://<METRICS_HOST>:<METRICS_PORT>/metrics`, an internal
   * address of its own (never the API port). Unset port: no endpoint.
   */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /**
   * TEST ONLY, refused with NODE_ENV=production: makes the process exit at one crash point
   * (libs/service-kit `CRASH_POINTS`) so tests can prove that a crash loses and doubles nothing.
   */
  FAULT_INJECTION: z
    .enum(['exit-after-consume-commit', 'exit-before-publish', 'exit-after-publish'])
    .optional(),
};

/** The validated values of `serviceEnv` (brokers already split into a list). */
export type ServiceEnv = z.infer<z.ZodObject<typeof serviceEnv>>;

/** The TLS keys of `serviceEnv`, all three or none (see {@link tlsIssues}). */
export const TLS_KEYS = ['TLS_CERT_FILE', 'TLS_KEY_FILE', 'TLS_CA_FILE'] as const;

/**
 * What is wrong with a config's TLS keys: some but not all of them, or none in production.
 * @example tlsIssues({ TLS_CERT_FILE: 'a.crt' }, 'development') // ['TLS_KEY_FILE: required with TLS_CERT_FILE', ...]
 */
export function tlsIssues(
  config: Partial<Record<(typeof TLS_KEYS)[number], string>>,
  nodeEnv: string,
): string[] {
  const given = TLS_KEYS.filter((key) => config[key] !== undefined);
  if (given.length === 0) {
    return nodeEnv === 'production'
      ? TLS_KEYS.map((key) => `${key}: required when NODE_ENV=production (mTLS)`)
      : [];
  }
  return TLS_KEYS.filter((key) => config[key] === undefined).map(
    (key) => `${key}: required with ${given.join(', ')}`,
  );
}

/**
 * URLs whose answers decide whom a process trusts — token issuers, JWKS, token endpoints, peer
 * services — which `serviceEnv` schemas carry. In production each must be https: over plain http
 * anyone on the path could serve their own keys (and sign any token), or read a client secret.
 */
export const TRUST_URL_KEYS = [
  'PARTY_TOKEN_ISSUER',
  'PARTY_TOKEN_JWKS_URL',
  'EXCHANGED_TOKEN_ISSUER',
  'EXCHANGED_TOKEN_JWKS_URL',
  'CLAIMS_URL',
  'IDENTITY_TOKEN_URL',
] as const;

/**
 * `<KEY>: must be https when NODE_ENV=production` for each of `keys` set to another scheme; nothing
 * outside production (dev and test stacks run issuers and JWKS on plain http on loopback).
 * @example httpsIssues({ PARTY_TOKEN_JWKS_URL: 'http://gw/.well-known/jwks.json' }, 'production', ['PARTY_TOKEN_JWKS_URL'])
 * // ['PARTY_TOKEN_JWKS_URL: must be https when NODE_ENV=production (…)']
 */
export function httpsIssues(
  config: object,
  nodeEnv: string,
  keys: readonly string[] = TRUST_URL_KEYS,
): string[] {
  if (nodeEnv !== 'production') return [];
  const values = config as Record<string, unknown>;
  return keys
    .filter((key) => typeof values[key] === 'string' && !values[key].startsWith('https://'))
    .map(
      (key) =>
        `${key}: must be https when NODE_ENV=production (an issuer, key set or token endpoint over plain http can be impersonated)`,
    );
}
