import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_HEADER, type ErrorBody } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';

/**
 * Headers every gateway answer carries, errors and 404s included: the gateway's own correlation id
 * (a client-sent one is ignored: `requestIdHeader` is off), no caching of API data, no MIME
 * sniffing. Plus one access-log line per request — method, path, status, time; never headers.
 */
export function registerEdgeHooks(fastify: FastifyInstance, log: Logger): void {
  fastify.addHook('onRequest', async (request, reply) => {
    setEdgeHeaders(request, reply);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const q = request.url.indexOf('?');
    log.info(
      {
        correlationId: request.id,
        method: request.method,
        path: q === -1 ? request.url : request.url.slice(0, q),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
}

function setEdgeHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header(CORRELATION_HEADER, request.id);
  reply.header('cache-control', 'no-store');
  reply.header('x-content-type-options', 'nosniff');
}

/**
 * Fastify's `frameworkErrors` handler: a URL the router cannot even decode (`%zz`) is answered
 * like every other malformed request instead of with Fastify's own error body.
 */
export function frameworkErrorHandler(
  _error: Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  setEdgeHeaders(request, reply);
  const body: ErrorBody = {
    code: 'REQUEST.MALFORMED',
    message: 'The request URL is malformed',
    correlationId: String(request.id),
  };
  void reply.code(400).send(body);
}
