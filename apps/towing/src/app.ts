import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, type Logger } from '@claimguard/observability';
import { createServiceApp } from '@claimguard/service-kit';
import { AppModule } from './app.module.js';
import type { TowingConfig } from './config.js';
import { SERVICE_NAME } from './service-name.js';

/**
 * Builds and initialises the towing service: modules resolved, the Kafka producer and the
 * `ClaimFiled` consumer connecting in the background (the outbox relay starts once the producer is
 * connected), HTTP not yet listening. `main.ts` listens; integration tests boot the same app in
 * process with their own config and listen on port 0. `close()` stops the consumer, then the relay,
 * then the database pool. Bodies are capped at the chassis' 1 MiB (towing's bodies are tiny).
 * @example const app = await createTowingApp(loadTowingConfig()); await app.listen({ port: 7002 });
 */
export function createTowingApp(
  config: TowingConfig,
  logger: Logger = createLogger(SERVICE_NAME, config.LOG_LEVEL),
): Promise<NestFastifyApplication> {
  return createServiceApp(AppModule.forRoot(config, logger), {
    logger,
    defenses: config.defenses,
    tls: config,
  });
}
