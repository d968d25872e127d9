import { ConfigError } from '@claimguard/config';
import { createLogger } from '@claimguard/observability';
import { loadIdentityConfig, type IdentityConfig } from './config.js';
import { createIdentityServer } from './server.js';

async function main(): Promise<void> {
  let config: IdentityConfig;
  try {
    config = loadIdentityConfig();
  } catch (error) {
    // Crash at start, listing every bad key (values are never printed).
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const log = createLogger('identity', config.LOG_LEVEL);
  const server = await createIdentityServer(config, { log });
  await server.listen();

  const stop = (signal: string) => {
    log.info({ signal }, 'identity stopping');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'identity did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  createLogger('identity').fatal({ err: error }, 'identity failed to start');
  process.exit(1);
});
