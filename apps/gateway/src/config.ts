import { z } from 'zod';
import { baseEnv, DefenseSwitches, loadConfig } from '@claimguard/config';

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
  KEYS_DIR: z.string().min(1),
  INTROSPECTION_CACHE_MAX_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
});

export type GatewayConfig = z.infer<typeof GatewayEnvSchema>;

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
  return { config, switches };
}
