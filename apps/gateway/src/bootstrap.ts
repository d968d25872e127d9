import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DefenseSwitches } from '@claimguard/config';
import { TRAINING_SYNC_MEDIA_TYPE } from '@claimguard/contracts';
import { audit, createLogger, type Logger } from '@claimguard/observability';
import { AppModule } from './app.module.js';
import type { GatewayConfig } from './config.js';
import { clientErrorHandler, frameworkErrorHandler, registerEdgeHooks } from './edge-hooks.js';
import { depthLimitedJsonParser } from './json-body.js';
import { NestPinoLogger } from './nest-logger.js';

/** Largest request body the gateway accepts (bigger is 413 `REQUEST.TOO_LARGE`). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Builds the gateway application (not yet listening). `main.ts` and the integration tests both
 * start it this way.
 */
export async function createGateway(
  config: GatewayConfig,
  switches: DefenseSwitches,
  log: Logger = createLogger('gateway', config.LOG_LEVEL),
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // The correlation id is always the gateway's own UUID: a client cannot choose what logs say.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    logger: false,
    // X-Forwarded-For is believed only from the proxies named in TRUSTED_PROXIES (per-IP limits).
    trustProxy: config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false,
    frameworkErrors: frameworkErrorHandler,
    // A request the HTTP parser cannot read gets the platform's error body too.
    clientErrorHandler: clientErrorHandler(log),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ config, switches, log }),
    adapter,
    {
      bodyParser: false,
      logger: new NestPinoLogger(log),
    },
  );
  // JSON only: any other body type is refused instead of being forwarded in a shape no service expects.
  const fastify = app.getHttpAdapter().getInstance();
  app.useBodyParser(
    'application/json',
    { bodyLimit: BODY_LIMIT_BYTES },
    depthLimitedJsonParser(fastify.getDefaultJsonParser('error', 'error')),
  );
  // A training sync is kept as its exact bytes: the service's signature covers them.
  fastify.addContentTypeParser(
    TRAINING_SYNC_MEDIA_TYPE,
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
    (_request, body, done) => done(null, body),
  );
  registerEdgeHooks(fastify, { log, switches, config });
  app.enableShutdownHooks();
  for (const defense of switches.offIds()) {
    audit(log, {
      action: 'defense.off',
      defense,
      reason: `training run: defense ${defense} is off`,
    });
  }
  return app;
}
