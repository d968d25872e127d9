import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DefenseSwitches } from '@claimguard/config';
import { CORRELATION_HEADER, type ErrorBody, type ErrorCode } from '@claimguard/contracts';
import { audit, type Logger } from '@claimguard/observability';
import type { GatewayConfig } from './config.js';
import { corsDecision, corsHeaders, isPreflight, loggableOrigin } from './cors/cors-policy.js';

export interface EdgeHookDeps {
  log: Logger;
  switches: DefenseSwitches;
  config: Pick<GatewayConfig, 'CORS_ALLOWED_ORIGINS'>;
  /**
   * The per-client-IP limit for the requests answered here, before any guard runs (preflights):
   * true when it refused the request and answered it.
   */
  limitClient?: (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>;
}

/**
 * Headers every gateway answer carries, errors and 404s included: the gateway's own correlation id
 * (a client-sent one is ignored: `requestIdHeader` is off), no caching of API data, no MIME
 * sniffing. CORS (defense `cors`, read per request): see cors/cors-policy.ts; a preflight is
 * answered here, before routing and authentication (browsers send it without credentials). Plus
 * one access-log line per request — method, path, status, time; never headers.
 */
export function registerEdgeHooks(fastify: FastifyInstance, deps: EdgeHookDeps): void {
  const { log } = deps;
  fastify.addHook('onRequest', async (request, reply) => {
    const on = deps.switches.isOn('cors');
    setEdgeHeaders(request, reply, on);
    const preflight = isPreflight(request.method, request.headers);
    // Answered here, so limited here: a flood of preflights spends the per-IP budget like any
    // request (each would otherwise cost an audit line for free).
    if (preflight && (await deps.limitClient?.(request, reply))) return reply;
    // A preflight is answered here; returning the reply stops the request (Fastify's async hooks).
    if (applyCors(request, reply, deps, on)) return reply;
    return undefined;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    log.info(
      {
        correlationId: request.id,
        method: request.method,
        path: pathOf(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
}

function applyCors(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: EdgeHookDeps,
  on: boolean,
): boolean {
  const origin = typeof request.headers.origin === 'string' ? request.headers.origin : undefined;
  const decision = corsDecision(origin, deps.config.CORS_ALLOWED_ORIGINS, on);
  if (decision.kind === 'none') return false;
  const preflight = isPreflight(request.method, request.headers);
  reply.headers(corsHeaders(decision, preflight, request.headers));
  const correlationId = String(request.id);
  const resource = `${request.method} ${pathOf(request.url)}`;
  if (decision.kind === 'denied') {
    audit(deps.log, {
      action: 'authz.denied',
      defense: 'cors',
      correlationId,
      resource,
      reason: `cross-origin ${preflight ? 'preflight' : 'request'} from ${loggableOrigin(decision.origin)}: origin not on CORS_ALLOWED_ORIGINS, no CORS headers sent`,
    });
    if (preflight) {
      const body: ErrorBody = {
        code: 'GATEWAY.CORS_ORIGIN_DENIED',
        message: 'This origin may not call the API from a browser',
        correlationId,
      };
      void reply.code(403).send(body);
    }
    return preflight;
  }
  if (decision.kind === 'reflected' && preflight) {
    // No person is known yet (a preflight carries no credentials): the request that follows is
    // audited with its `sub` by the proxy. The client address is what the gateway itself saw;
    // the origin is the request's own word, so it goes in the reason, never in `actor`.
    audit(deps.log, {
      action: 'defense.off',
      defense: 'cors',
      correlationId,
      resource,
      actor: `client ${request.ip}`,
      reason: `CORS preflight from ${loggableOrigin(decision.origin)} allowed with credentials (defense cors is off)`,
    });
  }
  if (preflight) void reply.code(204).send();
  return preflight;
}

/**
 * The correlation id, and — unless defense `cors` is off (training only: a misconfigured edge) —
 * `Cache-Control: no-store` and `X-Content-Type-Options: nosniff`.
 */
function setEdgeHeaders(request: FastifyRequest, reply: FastifyReply, hardened = true): void {
  reply.header(CORRELATION_HEADER, request.id);
  if (!hardened) return;
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

/** How long a refused connection may go on sending before it is cut off. */
export const CLIENT_ERROR_CLOSE_GRACE_MS = 2_000;

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses before any request exists —
 * a request line and headers over 16 KiB, a byte no request target may hold (DEL, a stray `#`),
 * broken framing — is answered like every other malformed request, with the platform's error body,
 * a correlation id and the edge headers, instead of Fastify's `{error, message, statusCode}`
 * (found by the edge fuzz, apps/gateway/test/edge-fuzz.int-spec.ts). The raw bytes are never
 * logged: they may hold a bearer token.
 *
 * The answer ends the connection gracefully: what the peer is still sending (the rest of an
 * oversized header block) is read and dropped until it closes, because closing with unread data
 * resets the connection and the peer would never read the answer. A peer that keeps sending is cut
 * off after {@link CLIENT_ERROR_CLOSE_GRACE_MS}.
 */
export function clientErrorHandler(
  log: Logger,
): (error: Error & { code?: string; rawPacket?: unknown }, socket: Socket) => void {
  return (error, socket) => {
    // The peer is gone, or was answered already (the parser reports every later chunk again).
    if (error.code === 'ECONNRESET' || socket.destroyed || socket.writableEnded) return;
    // A request of this connection is being answered: a status line now would be read as its
    // answer. Node's private field, read the way Node's own handler reads it.
    const inFlight = (socket as Socket & { _httpMessage?: unknown })._httpMessage;
    if (!socket.writable || inFlight) {
      socket.destroy(error);
      return;
    }
    const correlationId = randomUUID();
    const { status, code, message } = clientErrorAnswer(error.code);
    log.info({ correlationId, status, parserError: error.code }, 'request refused by the parser');
    const body = JSON.stringify({ code, message, correlationId } satisfies ErrorBody);
    // The answer to a HEAD request has no body, whatever its length says: a client would read one
    // as garbage after the answer. The request line is seen when it is in the refused chunk.
    const head =
      Buffer.isBuffer(error.rawPacket) && error.rawPacket.toString('latin1', 0, 5) === 'HEAD ';
    socket.end(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
        'content-type: application/json; charset=utf-8',
        `content-length: ${Buffer.byteLength(body)}`,
        `${CORRELATION_HEADER}: ${correlationId}`,
        'cache-control: no-store',
        'x-content-type-options: nosniff',
        'connection: close',
        '',
        head ? '' : body,
      ].join('\r\n'),
    );
    setTimeout(() => socket.destroy(), CLIENT_ERROR_CLOSE_GRACE_MS).unref();
  };
}

/** Status, stable code and client-safe message for one of Node's parser or timeout errors. */
export function clientErrorAnswer(parserError: string | undefined): {
  status: number;
  code: ErrorCode;
  message: string;
} {
  if (parserError === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      code: 'REQUEST.HEADERS_TOO_LARGE',
      message: 'The request line and headers exceed 16 KiB',
    };
  }
  if (parserError === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, code: 'REQUEST.TIMEOUT', message: 'The request took too long to arrive' };
  }
  return { status: 400, code: 'REQUEST.MALFORMED', message: 'The request is not valid HTTP' };
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
