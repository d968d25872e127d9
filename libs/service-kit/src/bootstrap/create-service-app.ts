import 'reflect-metadata';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DefenseSwitches } from '@claimguard/config';
import { audit, HttpErrorFilter, type Logger } from '@claimguard/observability';
import { registerCorrelationHook } from '../http/correlation.hook.js';
import { PinoNestLogger } from '../logging/pino-nest-logger.js';

/** Largest request body a service accepts unless it says otherwise (1 MiB; anything near it is abuse). */
export const DEFAULT_BODY_LIMIT_BYTES = 1_048_576;

export interface CreateServiceAppOptions {
  /** The service's logger: Nest's own messages, the error filter and audit lines go through it. */
  logger: Logger;
  /** The training switches: any defense off is announced by one `defense.off` audit line. */
  defenses: Pick<DefenseSwitches, 'offIds'>;
  /** Largest request body in bytes; default `DEFAULT_BODY_LIMIT_BYTES`. */
  bodyLimit?: number;
}

/**
 * Builds and initialises a service's Nest app on Fastify: body limit, one correlation id per
 * request, every error as `{code, message, correlationId}`, Nest's logs in the service's JSON
 * stream. Modules are resolved and bootstrap hooks have run (background connections started);
 * HTTP is not listening yet. A failed init closes what was already opened and rethrows, so tests
 * that boot apps in process leak nothing.
 * @example
 * const app = await createServiceApp(AppModule.forRoot(config, logger), {
 *   logger,
 *   defenses: config.defenses,
 * });
 * await app.listen({ port: config.PORT, host: config.HOST });
 */
export async function createServiceApp(
  rootModule: Type<unknown> | DynamicModule,
  options: CreateServiceAppOptions,
): Promise<NestFastifyApplication> {
  const { logger, defenses } = options;
  const adapter = new FastifyAdapter({ bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES });
  registerCorrelationHook(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    logger: new PinoNestLogger(logger),
    // Throw on a boot error instead of exiting the process (tests create apps in process).
    abortOnError: false,
  });
  app.useGlobalFilters(new HttpErrorFilter(logger));
  try {
    await app.init();
  } catch (error) {
    await app.close();
    throw error;
  }
  const off = defenses.offIds();
  if (off.length > 0) {
    audit(logger, {
      action: 'defense.off',
      reason: `training mode: defenses off: ${off.join(', ')}`,
    });
  }
  return app;
}
