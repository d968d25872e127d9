import type { FastifyInstance } from 'fastify';
import { CORRELATION_HEADER } from '@claimguard/contracts';
import { correlationIdOf } from '@claimguard/observability';

/**
 * Gives every request exactly one correlation id, as early as possible: the gateway's when it sent
 * a valid one, else a fresh one written back into the request headers. Handlers, audit lines, the
 * error filter and the response header then all agree. Only for services behind the gateway: the
 * gateway itself never trusts an incoming id.
 * @example registerCorrelationHook(adapter.getInstance()); // before NestFactory.create
 */
export function registerCorrelationHook(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const id = correlationIdOf(request.headers);
    request.headers[CORRELATION_HEADER] = id;
    void reply.header(CORRELATION_HEADER, id);
    done();
  });
}
