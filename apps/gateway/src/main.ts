import 'reflect-metadata';
import { ConfigError } from '@claimguard/config';
import { createLogger } from '@claimguard/observability';
import { createGateway } from './bootstrap.js';
import { loadGatewayConfig } from './config.js';

let loaded: ReturnType<typeof loadGatewayConfig>;
try {
  loaded = loadGatewayConfig();
} catch (error) {
  // Crash at start, listing every bad key, rather than run half-configured.
  if (error instanceof ConfigError) {
    process.stderr.write(`gateway: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
const { config, switches } = loaded;
const log = createLogger('gateway', config.LOG_LEVEL);
const app = await createGateway(config, switches, log);
await app.listen(config.PORT, config.HOST);
log.info({ port: config.PORT, mode: switches.report().mode }, 'gateway listening');
