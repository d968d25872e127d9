import {
  Catch,
  HttpException,
  Inject,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CORRELATION_HEADER,
  DomainError,
  type ErrorBody,
  type ErrorCode,
} from '@claimguard/contracts';
import { audit, type AuditAction, type Logger } from '@claimguard/observability';
import { GATEWAY_LOGGER } from '../config.js';
import { GATEWAY_METRICS, type GatewayMetrics } from '../metrics/gateway-metrics.js';
import { GatewayError } from './gateway.error.js';

interface Mapped {
  status: number;
  code: ErrorCode;
  message: string;
}

/**
 * The gateway's one exception filter: every error leaves as `{code, message, correlationId}` with
 * the status `ERROR_STATUS` gives its code. 401/403 carry their `WWW-Authenticate` challenge and
 * are audited (with the defense that decided). Anything unexpected is a 500 `INTERNAL`, logged with
 * its cause; its message never reaches the client.
 */
@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  constructor(
    @Inject(GATEWAY_LOGGER) private readonly log: Logger,
    @Inject(GATEWAY_METRICS) private readonly metrics: GatewayMetrics,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const correlationId = String(request.id);
    const mapped = this.map(exception);

    if (mapped.status >= 500) {
      const cause = exception instanceof DomainError ? (exception.cause ?? exception) : exception;
      const level = mapped.code === 'INTERNAL' ? 'error' : 'warn';
      this.log[level](
        { err: cause, correlationId, method: request.method, path: pathOf(request.url) },
        mapped.message,
      );
    }
    const denial = mapped.status === 401 || mapped.status === 403 || mapped.status === 429;
    if (denial && !(exception instanceof GatewayError)) this.metrics.denied(undefined, mapped.code);
    if (exception instanceof GatewayError) {
      if (exception.extra.wwwAuthenticate)
        reply.header('www-authenticate', exception.extra.wwwAuthenticate);
      if (exception.extra.retryAfterSeconds !== undefined)
        reply.header('retry-after', String(exception.extra.retryAfterSeconds));
      const note = exception.extra.audit;
      if (denial) this.metrics.denied(note?.defense ?? exception.extra.defense, mapped.code);
      // A note is written for a refusal: 401/403/429, the 404 of an unlisted route (inventory),
      // and the 503 of an upstream server refused for its identity (mtls).
      const upstreamRefused = mapped.code === 'GATEWAY.UPSTREAM_UNAVAILABLE';
      if (note && (denial || mapped.status === 404 || upstreamRefused)) {
        const { action, ...rest } = note;
        audit(this.log, {
          action: action ?? auditAction(mapped.code),
          correlationId,
          resource: `${request.method} ${pathOf(request.url)}`,
          ...rest,
        });
      }
    }
    if (reply.sent) return;
    const body: ErrorBody = { code: mapped.code, message: mapped.message, correlationId };
    reply.header(CORRELATION_HEADER, correlationId).status(mapped.status).send(body);
  }

  private map(exception: unknown): Mapped {
    if (exception instanceof DomainError) {
      return {
        status: exception.status,
        code: exception.code,
        message: exception.expose ? exception.message : publicMessage(exception.code),
      };
    }
    // Nest's own: the not-found handler for paths outside /api, bad-request from body parsing.
    if (exception instanceof HttpException) return fromStatus(exception.getStatus());
    // Fastify's body errors (too large, bad JSON, unsupported media type) carry a statusCode.
    const status = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof status === 'number') return fromStatus(status);
    return { status: 500, code: 'INTERNAL', message: 'Internal error' };
  }
}

function fromStatus(status: number): Mapped {
  if (status === 404 || status === 405) {
    return { status: 404, code: 'GATEWAY.ROUTE_NOT_FOUND', message: 'No such route' };
  }
  if (status === 413)
    return { status: 413, code: 'REQUEST.TOO_LARGE', message: 'The request body exceeds 1 MiB' };
  if (status === 415) {
    return {
      status: 400,
      code: 'REQUEST.MALFORMED',
      message: 'Only application/json request bodies are accepted',
    };
  }
  if (status >= 400 && status < 500)
    return { status: 400, code: 'REQUEST.MALFORMED', message: 'The request is malformed' };
  return { status: 500, code: 'INTERNAL', message: 'Internal error' };
}

function publicMessage(code: ErrorCode): string {
  return code === 'GATEWAY.UPSTREAM_UNAVAILABLE' ? 'A service is unavailable' : 'Internal error';
}

function auditAction(code: ErrorCode): AuditAction {
  if (code === 'AUTH.TOKEN_MISSING') return 'authn.failure';
  if (code === 'GATEWAY.RATE_LIMITED') return 'rate.limited';
  if (code === 'AUTH.TOKEN_INVALID') return 'token.rejected';
  return 'authz.denied';
}

/** The path without its query string: queries may carry personal data, paths carry ids only. */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
