import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, type Logger } from '@claimguard/observability';
import { createServiceApp } from '@claimguard/service-kit';
import { AppModule } from './app.module.js';
import type { ClaimsConfig } from './config.js';
import { SERVICE_NAME } from './service-name.js';

/**
 * Builds and initialises the claims service: modules resolved, the Kafka producer connecting in the
 * background (the outbox relay starts once it is connected), HTTP not yet listening. `main.ts`
 * listens; integration tests boot the same app in process with their own config and listen on
 * port 0. `close()` stops the relay, then the database pool. Bodies are capped at the chassis'
 * 1 MiB (a claim is a few KiB).
 * @example const app = await createClaimsApp(loadClaimsConfig()); await app.listen({ port: 7001 });
 */
export function createClaimsApp(
  config: ClaimsConfig,
  logger: Logger = createLogger(SERVICE_NAME, config.LOG_LEVEL),
): Promise<NestFastifyApplication> {
  return createServiceApp(AppModule.forRoot(config, logger), {
    logger,
    defenses: config.defenses,
    tls: config,
  });
}
