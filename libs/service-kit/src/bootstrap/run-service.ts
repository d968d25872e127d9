import { ConfigError, type DefenseSwitches } from '@claimguard/config';
import { createLogger, type Logger } from '@claimguard/observability';

/** Time a graceful shutdown may take before the process exits anyway. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** What `runService` reads from a service's validated config (all in `baseEnv`). */
export interface RunnableConfig {
  HOST: string;
  PORT: number;
  LOG_LEVEL: Parameters<typeof createLogger>[1];
  defenses: Pick<DefenseSwitches, 'offIds'>;
}

/** The part of a Nest app `runService` drives. */
export interface RunnableApp {
  listen(options: { port: number; host: string }): Promise<unknown>;
  close(): Promise<void>;
}

/** The process `runService` runs in; tests pass a stand-in. */
export interface ServiceProcess {
  once(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
  stderr: { write(text: string): unknown };
}

export interface RunServiceOptions<C extends RunnableConfig> {
  /** The service's name: its log name and the prefix of its boot-failure line. */
  name: string;
  /** Reads and validates the config; throws `ConfigError` listing every bad key. */
  loadConfig: () => C;
  createApp: (config: C, logger: Logger) => Promise<RunnableApp>;
  /** Longest graceful shutdown before exiting with 1; default `DEFAULT_SHUTDOWN_GRACE_MS`. */
  shutdownGraceMs?: number;
  /** Default: the real `process`. */
  process?: ServiceProcess;
}

/**
 * A service's whole `main.ts`: loads the config (a bad one ends the process with the list of bad
 * keys on stderr, never a value), creates the app, listens on `HOST:PORT`, and on SIGTERM or
 * SIGINT closes the app (consumers, relay, database pool) and exits 0 — or 1 when closing fails
 * or outlasts the grace period. Resolves once the service listens or has given up.
 * @example
 * await runService({ name: SERVICE_NAME, loadConfig: loadClaimsConfig, createApp: createClaimsApp });
 */
export async function runService<C extends RunnableConfig>(
  options: RunServiceOptions<C>,
): Promise<void> {
  const { name } = options;
  const proc: ServiceProcess = options.process ?? process;
  try {
    const config = options.loadConfig();
    const logger = createLogger(name, config.LOG_LEVEL);
    const app = await options.createApp(config, logger);
    await app.listen({ port: config.PORT, host: config.HOST });
    logger.info(
      { port: config.PORT, host: config.HOST, defensesOff: config.defenses.offIds() },
      `${name} listening`,
    );
    closeOnSignals(app, logger, proc, options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS);
  } catch (error) {
    // A config error lists every bad key; anything else is a boot failure. Neither prints secrets.
    const message =
      error instanceof ConfigError ? error.message : `${name} failed to start: ${String(error)}`;
    proc.stderr.write(`${message}\n`);
    proc.exit(1);
  }
}

function closeOnSignals(
  app: RunnableApp,
  logger: Logger,
  proc: ServiceProcess,
  graceMs: number,
): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      proc.exit(1);
    }, graceMs).unref();
    app.close().then(
      () => proc.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        proc.exit(1);
      },
    );
  };
  proc.once('SIGTERM', shutdown);
  proc.once('SIGINT', shutdown);
}
