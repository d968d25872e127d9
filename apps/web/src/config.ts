import { z } from 'zod';
import { baseEnv, httpUrl, loadConfig } from '@claimguard/config';

/**
 * The web app's environment (docs/architecture.md "Configuration contract"). `process.env` is read
 * here and nowhere else in the app.
 */
export const WebEnvSchema = z.object({
  NODE_ENV: baseEnv.NODE_ENV,
  LOG_LEVEL: baseEnv.LOG_LEVEL,
  PORT: baseEnv.PORT.default(3000),
  /** Identity's public issuer URL, e.g. `http://localhost:4000` (discovery is read from it). */
  ISSUER: httpUrl,
  WEB_CLIENT_ID: z.string().min(1).default('claimguard-web'),
  /** The confidential client's secret (HTTP Basic at identity's token and revocation endpoints). */
  WEB_CLIENT_SECRET: z.string().min(32, 'at least 32 characters'),
  /** Where browsers reach this app, e.g. `http://localhost:3000`; https turns on Secure + HSTS. */
  WEB_BASE_URL: httpUrl.refine((u) => new URL(u).pathname === '/', 'an origin without a path'),
  /** The gateway, the only API this app calls, e.g. `http://127.0.0.1:8080`. */
  GATEWAY_URL: httpUrl,
  /** Folder of the session encryption key (generated there on first start; git-ignored). */
  KEYS_DIR: z.string().min(1),
  /** Resource indicator of the API (RFC 8707): access tokens are bound to this audience. */
  API_AUDIENCE: z.string().min(1).default('https://api.claimguard.local'),
  /**
   * `true` only in a workshop stack: the web app's one training path (finishing a login this
   * browser did not start: defense `oauth-state` off) may follow the gateway's public defenses
   * report. Unset (production): that path never runs, whatever the report says — `next start`
   * always runs with NODE_ENV=production, so the web app cannot tell a workshop from it.
   */
  TRAINING_MODE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type WebEnv = z.infer<typeof WebEnvSchema>;

/** Validated configuration plus values derived once from it. */
export interface WebConfig extends WebEnv {
  /** True when browsers reach the app over TLS: Secure cookies, HSTS, upgrade-insecure-requests. */
  secure: boolean;
  /** The OAuth redirect URI registered at identity. */
  redirectUri: string;
}

/**
 * Reads and validates the configuration; throws `ConfigError` listing every bad key.
 * @example const config = loadWebConfig({ ...process.env });
 */
export function loadWebConfig(env: Record<string, string | undefined> = process.env): WebConfig {
  const parsed = loadConfig(WebEnvSchema, env);
  return {
    ...parsed,
    secure: parsed.WEB_BASE_URL.startsWith('https:'),
    redirectUri: `${parsed.WEB_BASE_URL}/auth/callback`,
  };
}

let cached: WebConfig | undefined;

/**
 * The process's configuration, validated on first use (at boot, by `instrumentation.ts`). Lazy
 * because `next build` imports every module and has no runtime environment.
 */
export function config(): WebConfig {
  cached ??= loadWebConfig();
  return cached;
}
