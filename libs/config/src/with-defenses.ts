import { z } from 'zod';
import { DefenseSwitches } from './defense-switches.js';
import { ConfigError, loadConfig } from './load-config.js';
import { httpsIssues, tlsIssues } from './service-env.js';

/** A validated configuration plus the training switches derived from it. */
export type WithDefenses<T> = T & { defenses: DefenseSwitches };

/** What a schema must produce for its defense switches to be derived (both are in `baseEnv`). */
interface DefenseSettings {
  NODE_ENV: string;
  CLAIMGUARD_DEFENSES_OFF: string;
}

/**
 * `loadConfig` plus `defenses` from `CLAIMGUARD_DEFENSES_OFF`: throws `ConfigError` listing every
 * bad key, an unknown defense id, any defense off in production, a test-only `FAULT_INJECTION`
 * or a `TRAINING_SWITCHBOARD_URL` in production, an issuer, JWKS or token URL
 * (`TRUST_URL_KEYS`) that is not https in production, or — for a schema with `serviceEnv`'s
 * TLS keys — some but not all of them, or none in production. `env` has no default on
 * purpose: the app's own `loadXxxConfig(env = process.env)` stays the one place that reads it.
 * @example
 * export const loadClaimsConfig = (env = process.env) => loadConfigWithDefenses(ClaimsEnvSchema, env);
 */
export function loadConfigWithDefenses<S extends z.ZodType<DefenseSettings>>(
  schema: S,
  env: Record<string, string | undefined>,
): WithDefenses<z.infer<S>> {
  const parsed = loadConfig(schema, env);
  const fault = (parsed as { FAULT_INJECTION?: string }).FAULT_INJECTION;
  if (fault !== undefined && parsed.NODE_ENV === 'production') {
    throw new ConfigError([
      `FAULT_INJECTION: not allowed when NODE_ENV=production (asked: ${fault})`,
    ]);
  }
  const switchboard = (parsed as { TRAINING_SWITCHBOARD_URL?: string }).TRAINING_SWITCHBOARD_URL;
  if (switchboard !== undefined && parsed.NODE_ENV === 'production') {
    throw new ConfigError([
      'TRAINING_SWITCHBOARD_URL: not allowed when NODE_ENV=production (no runtime training switches)',
    ]);
  }
  // Switches first: a defense turned off in production is the refusal to report.
  const defenses = DefenseSwitches.fromSetting(parsed.CLAIMGUARD_DEFENSES_OFF, parsed.NODE_ENV);
  const issues = httpsIssues(parsed, parsed.NODE_ENV);
  if (schema instanceof z.ZodObject && 'TLS_CERT_FILE' in schema.shape) {
    issues.push(...tlsIssues(parsed as Parameters<typeof tlsIssues>[0], parsed.NODE_ENV));
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { ...parsed, defenses };
}
