import { z } from 'zod';
import {
  baseEnv,
  ConfigError,
  DefenseSwitches,
  httpsIssues,
  kafkaBrokers,
  loadConfig,
  tlsIssues,
} from '@claimguard/config';

const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * `claims=http://127.0.0.1:7001,towing=http://127.0.0.1:7002` → Map. Each name is a routable
 * service; the URL is an origin (no path, query or credentials) so a path can only come from a
 * matched manifest route.
 */
const serviceUrls = z.string().transform((value, ctx) => {
  const services = new Map<string, string>();
  for (const entry of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq).trim();
    const raw = entry.slice(eq + 1).trim();
    if (eq <= 0 || !SERVICE_NAME.test(name)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" is not name=url with a lower-case name`,
      });
      continue;
    }
    if (services.has(name)) {
      ctx.addIssue({ code: 'custom', message: `service "${name}" is listed twice` });
      continue;
    }
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: `service "${name}": "${raw}" is not a URL` });
      continue;
    }
    const originOnly = url.pathname === '/' && !url.search && !url.hash && !url.username;
    if (!['http:', 'https:'].includes(url.protocol) || !originOnly) {
      ctx.addIssue({
        code: 'custom',
        message: `service "${name}": an http(s) origin without path`,
      });
      continue;
    }
    services.set(name, url.origin);
  }
  if (services.size === 0) ctx.addIssue({ code: 'custom', message: 'at least one service' });
  return services;
});

/**
 * `POST /api/claims,POST /api/repair/orders/:id/estimate` → method + path patterns of the routes
 * that cost the platform most (`:name` stands for one path segment).
 */
const routePatterns = z.string().transform((value, ctx) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((entry) => {
      const match = /^([A-Z]+) (\/api\/\S*)$/.exec(entry);
      if (!match?.[1] || !match[2]) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not "METHOD /api/path"` });
        return [];
      }
      return [{ method: match[1], path: match[2].replace(/\/+$/, '') }];
    }),
);

/** Comma-separated IP addresses or CIDR ranges of reverse proxies allowed to set X-Forwarded-For. */
const proxyList = z.string().transform((value) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Comma-separated exact origins (`scheme://host[:port]`, no path, no wildcard). */
const originList = z.string().transform((value, ctx) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((entry) => {
      let origin: string | undefined;
      try {
        origin = new URL(entry).origin;
      } catch {
        origin = undefined;
      }
      if (origin === undefined || origin === 'null' || origin !== entry.replace(/\/+$/, '')) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not an origin like https://host` });
        return [];
      }
      return [origin];
    }),
);

const positiveInt = z.coerce.number().int().min(1);

const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));

/** The gateway's environment, as docs/architecture.md "Configuration contract" lists it. */
export const GatewayEnvSchema = z.object({
  ...baseEnv,
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** `iss` of the party tokens this gateway mints. */
  GATEWAY_ISSUER: httpUrl.default('http://localhost:8080'),
  IDENTITY_ISSUER: httpUrl,
  /** Same default as identity's `API_AUDIENCE`, so the two agree without configuration. */
  API_AUDIENCE: z.string().min(1).default('https://api.claimguard.local'),
  INTROSPECTION_CLIENT_ID: z.string().min(1).default('claimguard-gateway'),
  INTROSPECTION_CLIENT_SECRET: z.string().min(1),
  SERVICE_URLS: serviceUrls,
  /**
   * mTLS to the services (defense `mtls`): the gateway's own certificate and key (PEM, SAN
   * `spiffe://claimguard.local/gateway`) and the CA the services' certificates chain to. All three
   * or none; required in production, where every `SERVICE_URLS` entry must be https.
   */
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  TLS_CA_FILE: z.string().min(1).optional(),
  KEYS_DIR: z.string().min(1),
  INTROSPECTION_CACHE_MAX_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /**
   * Revocation at the edge (defense `revocation`): the broker to read identity's `GrantRevoked` /
   * `UserDisabled` from, and the event trust store (`<dir>/public/identity.jwk.json`). Without a
   * broker (dev/test only) a revoked token keeps working until its cache entry expires.
   */
  KAFKA_BROKERS: kafkaBrokers.optional(),
  EVENT_KEYS_DIR: z.string().min(1).optional(),
  /**
   * Rate limits (defense `rate-limit`), fixed windows of `RATE_LIMIT_WINDOW_SECONDS`: every
   * request per client IP (before authentication), every request per person (`sub`), and the
   * expensive routes per person. Counters live in Redis when `REDIS_URL` is set (shared by every
   * replica), in memory otherwise.
   */
  RATE_LIMIT_WINDOW_SECONDS: positiveInt.max(3600).default(60),
  RATE_LIMIT_PER_IP: positiveInt.default(1200),
  RATE_LIMIT_PER_USER: positiveInt.default(600),
  RATE_LIMIT_EXPENSIVE_PER_USER: positiveInt.default(30),
  /** Filing a claim, and attaching a photo: claims fetches it from the member's URL. */
  RATE_LIMIT_EXPENSIVE_ROUTES: routePatterns.prefault(
    'POST /api/claims, POST /api/claims/:id/photos',
  ),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Prefix of every Redis key; give each deployment (and each test run) its own. */
  RATE_LIMIT_REDIS_PREFIX: z.string().min(1).default('claimguard:gateway:rl:'),
  /**
   * Proxies whose `X-Forwarded-For` is believed (IPs or CIDRs). Empty (default): the client IP is
   * the TCP peer, so nobody escapes the per-IP limit by sending the header.
   */
  TRUSTED_PROXIES: proxyList.prefault(''),
  /**
   * Browser origins (`https://app.example`, exact: scheme, host and port) whose scripts may call the
   * API cross-origin (defense `cors`). Empty (default): no cross-origin browser access at all — the
   * web app is a BFF that calls the gateway server-side, so it needs none.
   */
  CORS_ALLOWED_ORIGINS: originList.prefault(''),
  /** Prometheus text exposition at `http://<METRICS_HOST>:<METRICS_PORT>/metrics` (internal). */
  METRICS_HOST: z.string().default('127.0.0.1'),
  /**
   * 0 picks a free port. {@link loadGatewayConfig} (the process) defaults it to
   * {@link DEFAULT_METRICS_PORT}; a gateway built in-process from the bare schema (tests) serves no
   * metrics unless it is set.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

export type GatewayConfig = z.infer<typeof GatewayEnvSchema>;

/** The Prometheus exporter's conventional port. */
export const DEFAULT_METRICS_PORT = 9464;

/** Injection tokens for values that are not classes. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export const GATEWAY_LOGGER = Symbol('GATEWAY_LOGGER');

/**
 * Reads and validates the environment once at boot; a bad key (or a defense turned off in
 * production) stops the process with every problem listed.
 */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): {
  config: GatewayConfig;
  switches: DefenseSwitches;
} {
  const config = loadConfig(GatewayEnvSchema, env);
  const switches = DefenseSwitches.fromSetting(config.CLAIMGUARD_DEFENSES_OFF, config.NODE_ENV);
  const issues: string[] = [];
  if (config.KAFKA_BROKERS && !config.EVENT_KEYS_DIR)
    issues.push('EVENT_KEYS_DIR: required with KAFKA_BROKERS (identity events are verified)');
  if (config.NODE_ENV === 'production' && !config.KAFKA_BROKERS)
    issues.push('KAFKA_BROKERS: required in production (revocation events from identity)');
  issues.push(...tlsIssues(config, config.NODE_ENV));
  issues.push(...httpsIssues(config, config.NODE_ENV, ['GATEWAY_ISSUER', 'IDENTITY_ISSUER']));
  if (config.NODE_ENV === 'production') {
    for (const [service, url] of config.SERVICE_URLS) {
      if (!url.startsWith('https:'))
        issues.push(`SERVICE_URLS: ${service} must be https in production (mTLS)`);
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  config.METRICS_PORT ??= DEFAULT_METRICS_PORT;
  return { config, switches };
}
