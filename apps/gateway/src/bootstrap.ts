import { randomUUID } from 'node:crypto';
import type { ArgumentsHost } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DefenseSwitches } from '@claimguard/config';
import { TRAINING_SYNC_MAX_BYTES, TRAINING_SYNC_MEDIA_TYPE } from '@claimguard/contracts';
import { audit, createLogger, type Logger } from '@claimguard/observability';
import { AppModule } from './app.module.js';
import type { GatewayConfig } from './config.js';
import { clientErrorHandler, frameworkErrorHandler, registerEdgeHooks } from './edge-hooks.js';
import { GatewayExceptionFilter } from './errors/gateway-exception.filter.js';
import { depthLimitedJsonParser } from './json-body.js';
import { GATEWAY_METRICS, type GatewayMetrics } from './metrics/gateway-metrics.js';
import { RateLimits } from './rate-limit/rate-limits.js';
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
  // A training sync is kept as its exact bytes: the service's signature covers them. Its size is
  // bounded by what a sync holds (TRAINING_SYNC_MAX_DETECTIONS detections of bounded fields).
  fastify.addContentTypeParser(
    TRAINING_SYNC_MEDIA_TYPE,
    { parseAs: 'buffer', bodyLimit: TRAINING_SYNC_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );
  // The per-IP limit for what the edge hooks answer themselves (preflights), refused exactly as
  // the guard refuses: the one exception filter writes the answer and the audit line.
  const limits = app.get(RateLimits);
  const filter = new GatewayExceptionFilter(log, app.get<GatewayMetrics>(GATEWAY_METRICS));
  const limitClient = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    try {
      await limits.checkClient(
        request.ip,
        String(request.id),
        `${request.method} ${request.url.split('?')[0] ?? ''}`,
      );
      return false;
    } catch (error) {
      filter.catch(error, httpHost(request, reply));
      return true;
    }
  };
  registerEdgeHooks(fastify, { log, switches, config, limitClient });
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

/** The `ArgumentsHost` of one HTTP exchange, for a filter called outside Nest's pipeline. */
function httpHost(request: FastifyRequest, reply: FastifyReply): ArgumentsHost {
  const http = { getRequest: () => request, getResponse: () => reply, getNext: () => undefined };
  return { switchToHttp: () => http } as unknown as ArgumentsHost;
}
