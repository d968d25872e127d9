import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, type Logger } from '@claimguard/observability';
import { createServiceApp } from '@claimguard/service-kit';
import { AppModule } from './app.module.js';
import type { RepairConfig } from './config.js';
import { SERVICE_NAME } from './service-name.js';

/**
 * Builds and initialises the repair service: modules resolved, the Kafka producer and the
 * towing/claims events consumer connecting in the background (the outbox relay starts once the
 * producer is connected), HTTP not yet listening. `main.ts` listens; integration tests boot the same
 * app in process with their own config and listen on port 0. `close()` stops the consumer, then the
 * relay, then the database pool. Bodies are capped at the chassis' 1 MiB (an estimate of 50 lines
 * is about 12 KiB).
 * @example const app = await createRepairApp(loadRepairConfig()); await app.listen({ port: 7003 });
 */
export function createRepairApp(
  config: RepairConfig,
  logger: Logger = createLogger(SERVICE_NAME, config.LOG_LEVEL),
): Promise<NestFastifyApplication> {
  return createServiceApp(AppModule.forRoot(config, logger), {
    logger,
    defenses: config.defenses,
    tls: config,
  });
}
