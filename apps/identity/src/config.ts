import {
  baseEnv,
  ConfigError,
  databaseUrl,
  DefenseSwitches,
  httpsIssues,
  kafkaBrokers,
  loadConfig,
} from '@claimguard/config';
import { z } from 'zod';

/** Comma-separated absolute URLs, e.g. `http://localhost:3000/auth/callback,https://…`. */
const urlList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) =>
      s
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ })).min(1));

/**
 * Client secrets have no default anywhere: the dev runner generates them once (outside this
 * process) and hands the same value to identity and to the client that uses it (web, gateway).
 */
const clientSecret = z.string().min(32, 'at least 32 characters (generate it, never type it)');

/** A failure count threshold; 0 turns that counter's lock off. */
const count = (fallback: number) => z.coerce.number().int().min(0).max(100_000).default(fallback);

const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

const identityEnvShape = z.object({
  ...baseEnv,
  PORT: baseEnv.PORT.default(4000),
  /** Public URL of this provider; `iss` of every token. No trailing slash. */
  ISSUER: z.url({ protocol: /^https?$/ }).refine((u) => !u.endsWith('/'), 'no trailing slash'),
  DATABASE_URL: databaseUrl,
  /** Signing and cookie keys are generated under `<KEYS_DIR>/identity` on first start. */
  KEYS_DIR: z.string().min(1),
  /** Resource indicator (and `aud`) of access tokens for the gateway. */
  API_AUDIENCE: z.url().default('https://api.claimguard.local'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  WEB_CLIENT_SECRET: clientSecret,
  WEB_REDIRECT_URIS: urlList('http://localhost:3000/auth/callback'),
  GATEWAY_CLIENT_SECRET: clientSecret,
  /**
   * Token exchange (RFC 8693, east-west calls): the secret of the confidential client
   * `claimguard-rental`, and the gateway's issuer and JWKS its subject tokens (party tokens) are
   * verified with. All three or none; without them no client may exchange a token.
   */
  RENTAL_CLIENT_SECRET: clientSecret.optional(),
  PARTY_TOKEN_ISSUER: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  PARTY_TOKEN_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  CLI_REDIRECT_URIS: urlList('http://127.0.0.1:8765/callback'),
  SEED_DEMO_USERS: flag,
  /**
   * Brokers of `identity.events.v1` (GrantRevoked, UserDisabled: revocation reaches the edge).
   * Without it the events wait in identity's outbox (tests that need no broker) and identity
   * warns at start: set it wherever a gateway caches introspections.
   */
  KAFKA_BROKERS: kafkaBrokers.optional(),
  /** identity's event-signing key (created on first start) and the `public/` trust store. */
  EVENT_KEYS_DIR: z.string().min(1).optional(),
  /**
   * The training switchboard (the gateway's base URL): the switches follow the instructor at
   * runtime and a workshop reset restores the demo users. Needs EVENT_KEYS_DIR (the sync is
   * signed); refused with NODE_ENV=production.
   */
  TRAINING_SWITCHBOARD_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /**
   * Prometheus text exposition at `http://<METRICS_HOST>:<METRICS_PORT>/metrics`, an address of its
   * own (never the issuer's port): identity's audit trail counted — failed logins and lockouts by
   * defense, refused OAuth requests, revocations. Unset port: no endpoint.
   */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // Lockout (defense `lockout`); defaults and their Okta/Keycloak counterparts: README "Lockout".
  LOCKOUT_ACCOUNT_SOURCE_LOCK_AFTER: count(10),
  LOCKOUT_ACCOUNT_LOCK_AFTER: count(50),
  LOCKOUT_SOURCE_LOCK_AFTER: count(100),
  LOCKOUT_DELAY_AFTER: count(3),
  LOCKOUT_DELAY_BASE_MS: z.coerce.number().int().min(0).max(10_000).default(500),
  LOCKOUT_DELAY_MAX_MS: z.coerce.number().int().min(0).max(30_000).default(4000),
  LOCKOUT_MFA_LOCK_AFTER: count(5),
  LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  LOCKOUT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /**
   * Rate limits on identity's own endpoints (defense `rate-limit`), per client address (the
   * lockout's source), in fixed windows: the sign-in form posts (password, TOTP, enrollment) and
   * `POST /token`. Counters live in Redis when `REDIS_URL` is set (shared by every replica), in
   * memory otherwise. Defaults and why: README "Rate limits".
   */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  RATE_LIMIT_LOGIN_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(20),
  RATE_LIMIT_TOKEN_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(120),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Prefix of every Redis key; give each deployment (and each test run) its own. */
  RATE_LIMIT_REDIS_PREFIX: z.string().min(1).default('claimguard:identity:rl:'),
  /**
   * Addresses of reverse proxies whose `X-Forwarded-For` identity believes (comma-separated).
   * Default none: the TCP peer is the source, so a client cannot choose its own address.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.union([z.ipv4(), z.ipv6()]))),
});

/** Identity's environment, as docs/architecture.md "Configuration contract" lists it. */
export const IdentityEnvSchema = identityEnvShape.superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && env.SEED_DEMO_USERS) {
    ctx.addIssue({
      code: 'custom',
      path: ['SEED_DEMO_USERS'],
      message: 'demo users (documented passwords) are never seeded when NODE_ENV=production',
    });
  }
  if (env.TRAINING_SWITCHBOARD_URL && env.NODE_ENV === 'production') {
    ctx.addIssue({
      code: 'custom',
      path: ['TRAINING_SWITCHBOARD_URL'],
      message: 'not allowed when NODE_ENV=production (no runtime training switches)',
    });
  }
  if (env.TRAINING_SWITCHBOARD_URL && !env.EVENT_KEYS_DIR) {
    ctx.addIssue({
      code: 'custom',
      path: ['EVENT_KEYS_DIR'],
      message: 'required with TRAINING_SWITCHBOARD_URL (the training sync is signed)',
    });
  }
  if (env.KAFKA_BROKERS && !env.EVENT_KEYS_DIR) {
    ctx.addIssue({
      code: 'custom',
      path: ['EVENT_KEYS_DIR'],
      message: 'required with KAFKA_BROKERS (identity signs the events it publishes)',
    });
  }
  const exchange = [env.RENTAL_CLIENT_SECRET, env.PARTY_TOKEN_ISSUER, env.PARTY_TOKEN_JWKS_URL];
  if (exchange.some(Boolean) && !exchange.every(Boolean)) {
    ctx.addIssue({
      code: 'custom',
      path: ['RENTAL_CLIENT_SECRET'],
      message: 'RENTAL_CLIENT_SECRET, PARTY_TOKEN_ISSUER and PARTY_TOKEN_JWKS_URL go together',
    });
  }
  if (env.WEB_CLIENT_SECRET === env.GATEWAY_CLIENT_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['GATEWAY_CLIENT_SECRET'],
      message: 'must differ from WEB_CLIENT_SECRET',
    });
  }
});

export type IdentityEnv = z.infer<typeof IdentityEnvSchema>;

/** Validated configuration plus the training switches derived from it. */
export interface IdentityConfig extends IdentityEnv {
  defenses: DefenseSwitches;
}

/**
 * Reads and validates identity's configuration; throws `ConfigError` listing every bad key.
 * @example const config = loadIdentityConfig(); // from process.env
 */
export function loadIdentityConfig(
  env: Record<string, string | undefined> = process.env,
): IdentityConfig {
  const parsed = loadConfig(IdentityEnvSchema, env);
  // Switches first: a defense turned off in production is the refusal to report.
  const defenses = DefenseSwitches.fromSetting(parsed.CLAIMGUARD_DEFENSES_OFF, parsed.NODE_ENV);
  const issues = httpsIssues(parsed, parsed.NODE_ENV, [
    'ISSUER',
    'PARTY_TOKEN_ISSUER',
    'PARTY_TOKEN_JWKS_URL',
  ]);
  if (issues.length > 0) throw new ConfigError(issues);
  return { ...parsed, defenses };
}

/** What `node dist/seed.js` needs: just the database and the mode. */
export const SeedEnvSchema = identityEnvShape.pick({
  NODE_ENV: true,
  LOG_LEVEL: true,
  DATABASE_URL: true,
});
export type SeedEnv = z.infer<typeof SeedEnvSchema>;

/** Configuration of the seed command (`node dist/seed.js`). */
export function loadSeedConfig(env: Record<string, string | undefined> = process.env): SeedEnv {
  return loadConfig(SeedEnvSchema, env);
}
