import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { audit, createLogger, HttpErrorFilter, type Logger } from '@claimguard/observability';
import { AppModule } from './app.module.js';
import type { TowingConfig } from './config.js';
import { registerCorrelationHook } from './platform/correlation.hook.js';
import { PinoNestLogger } from './platform/pino-nest-logger.js';
import { SERVICE_NAME } from './service-name.js';

/** Largest request body accepted (towing has no write route yet; anything near this is abuse). */
const BODY_LIMIT_BYTES = 1_048_576;

/**
 * Builds and initialises the towing service: modules resolved, the Kafka producer and the
 * `ClaimFiled` consumer connecting in the background (the outbox relay starts once the producer is
 * connected), HTTP not yet listening. `main.ts` calls `listen`; integration tests boot the same app
 * in process with their own config and call `listen` on port 0. `close()` stops the consumer, then
 * the relay, then the database pool.
 * @example const app = await createTowingApp(loadTowingConfig()); await app.listen({ port: 7002 });
 */
export async function createTowingApp(
  config: TowingConfig,
  logger: Logger = createLogger(SERVICE_NAME, config.LOG_LEVEL),
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES });
  registerCorrelationHook(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger),
    adapter,
    {
      logger: new PinoNestLogger(logger),
      // Throw on a boot error instead of exiting the process (tests create apps in process).
      abortOnError: false,
    },
  );
  app.useGlobalFilters(new HttpErrorFilter(logger));
  try {
    await app.init();
  } catch (error) {
    await app.close();
    throw error;
  }
  const off = config.defenses.offIds();
  if (off.length > 0) {
    audit(logger, {
      action: 'defense.off',
      reason: `training mode: defenses off: ${off.join(', ')}`,
    });
  }
  return app;
}
