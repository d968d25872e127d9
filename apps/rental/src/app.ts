import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, type Logger } from '@claimguard/observability';
import { createServiceApp } from '@claimguard/service-kit';
import { AppModule } from './app.module.js';
import type { RentalConfig } from './config.js';
import { SERVICE_NAME } from './service-name.js';

/** The confirm route takes an empty (or absent) body: anything bigger than this is refused early. */
const BODY_LIMIT_BYTES = 4 * 1024;

/**
 * Builds and initialises the rental service: modules resolved, the Kafka producer and the
 * `ClaimFiled`/`RepairCompleted` consumer connecting in the background (the outbox relay starts once
 * the producer is connected), HTTP not yet listening. `main.ts` listens; integration tests boot the
 * same app in process with their own config and listen on port 0. `close()` stops the consumer,
 * then the relay, then the database pool.
 * @example const app = await createRentalApp(loadRentalConfig()); await app.listen({ port: 7004 });
 */
export function createRentalApp(
  config: RentalConfig,
  logger: Logger = createLogger(SERVICE_NAME, config.LOG_LEVEL),
): Promise<NestFastifyApplication> {
  return createServiceApp(AppModule.forRoot(config, logger), {
    logger,
    defenses: config.defenses,
    tls: config,
    bodyLimit: BODY_LIMIT_BYTES,
  });
}
