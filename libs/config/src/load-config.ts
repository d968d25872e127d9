import { z } from 'zod';

/** Thrown at boot when configuration is invalid; lists every bad key at once. */
export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses `env` with an app's schema and fails listing every bad key, so a service crashes at start
 * instead of running half-configured. The only place that reads `process.env` is the default argument.
 * @example
 * const config = loadConfig(z.object({ PORT: z.coerce.number().int() }));
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}

/** Common schema pieces, so every app spells its shared keys the same way. */
export const baseEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535),
  /** Comma-separated defense ids to turn off for a training run (see docs/training-switches.md). */
  CLAIMGUARD_DEFENSES_OFF: z.string().default(''),
};

/** A `postgresql://` URL. */
export const databaseUrl = z.string().regex(/^postgres(ql)?:\/\//, 'a postgresql:// URL');
/** Comma-separated `host:port` list of Kafka bootstrap brokers. */
export const kafkaBrokers = z
  .string()
  .min(1)
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  );
