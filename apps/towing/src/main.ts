import { ConfigError } from '@claimguard/config';
import { createLogger } from '@claimguard/observability';
import { createTowingApp } from './app.js';
import { loadTowingConfig } from './config.js';
import { SERVICE_NAME } from './service-name.js';

/** Time a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadTowingConfig();
  const logger = createLogger(SERVICE_NAME, config.LOG_LEVEL);
  const app = await createTowingApp(config, logger);
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.info(
    { port: config.PORT, host: config.HOST, defensesOff: config.defenses.offIds() },
    'towing listening',
  );

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  // A config error lists every bad key; anything else is a boot failure. Neither prints secrets.
  const message =
    error instanceof ConfigError ? error.message : `towing failed to start: ${String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
