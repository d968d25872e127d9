import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { CORRELATION_HEADER, DomainError, type ErrorBody } from '@claimguard/contracts';
import type { Logger } from 'pino';
import { audit, type AuditEvent } from './audit.js';
import { correlationIdOf } from './correlation.js';
import { isDatabaseUnavailable } from './database-unavailable.js';

/** Where {@link withRefusalAudit} keeps the audit line an error's refusal must leave. */
const REFUSAL_AUDIT = Symbol('claimguard.refusal-audit');

/** What a refusal's audit line says; the filter adds the request's correlation id and caller. */
export type RefusalAudit = Pick<AuditEvent, 'action' | 'defense' | 'reason'>;

/**
 * Marks an error as a defense's refusal: when it reaches {@link HttpErrorFilter}, one audit line is
 * written with the request's correlation id and the caller's `sub`. For refusals decided where the
 * request is not at hand (a body pipe). Returns the same error.
 * @example throw withRefusalAudit(error, { action: 'authz.denied', defense: 'mass-assignment', reason });
 */
export function withRefusalAudit<E extends Error>(error: E, refusal: RefusalAudit): E {
  Object.defineProperty(error, REFUSAL_AUDIT, { value: refusal, enumerable: false });
  return error;
}

function refusalAuditOf(exception: unknown): RefusalAudit | undefined {
  if (exception === null || typeof exception !== 'object') return undefined;
  return (exception as { [REFUSAL_AUDIT]?: RefusalAudit })[REFUSAL_AUDIT];
}

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): unknown;
}

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  method?: string;
  url?: string;
  /** The authenticated caller, when a guard set one (passport). */
  user?: { sub?: unknown; party?: { kind: string; id: string } };
}

/** HTTP statuses Nest raises by itself, mapped to our stable codes. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'REQUEST.MALFORMED',
  401: 'AUTH.TOKEN_INVALID',
  403: 'AUTHZ.FORBIDDEN',
  404: 'GATEWAY.ROUTE_NOT_FOUND',
  405: 'GATEWAY.ROUTE_NOT_FOUND',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.MALFORMED',
};

/**
 * Turns every error into `{code, message, correlationId}`: domain errors keep their code, Nest's
 * own HTTP errors get a stable code, the database being unreachable is a 503
 * `SERVICE.UNAVAILABLE` (the caller may retry; the transaction rolled back), anything else is a
 * logged 500. Causes never leave. Works with the Fastify adapter.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<RequestLike>();
    const reply = http.getResponse<ReplyLike>();
    const correlationId = correlationIdOf(request.headers);
    const { status, body } = this.toBody(exception, correlationId);
    const refusal = refusalAuditOf(exception);
    if (refusal) {
      const sub = typeof request.user?.sub === 'string' ? request.user.sub : undefined;
      audit(this.log, {
        ...refusal,
        correlationId,
        ...(sub ? { sub } : {}),
        ...(request.user?.party ? { party: request.user.party } : {}),
        resource: `${request.method ?? ''} ${pathOf(request.url ?? '')}`,
      });
    }
    if (status >= 500) {
      this.log.error(
        { err: exception, correlationId, method: request.method, url: request.url },
        'unhandled error',
      );
    }
    reply.header(CORRELATION_HEADER, correlationId).status(status).send(body);
  }

  private toBody(exception: unknown, correlationId: string): { status: number; body: ErrorBody } {
    if (exception instanceof DomainError) {
      const body: ErrorBody = {
        code: exception.code,
        message: exception.expose ? exception.message : 'Internal error',
        correlationId,
      };
      if (exception.details) body.details = exception.details;
      return { status: exception.status, body };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'REQUEST.MALFORMED');
      const message = status >= 500 ? 'Internal error' : exception.message;
      return { status, body: { code, message, correlationId } };
    }
    // Fastify's own errors (bad JSON, body too large) carry a statusCode.
    const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      const code = CODE_BY_STATUS[statusCode] ?? 'REQUEST.MALFORMED';
      return { status: statusCode, body: { code, message: 'Malformed request', correlationId } };
    }
    if (isDatabaseUnavailable(exception)) {
      const message = 'Service temporarily unavailable';
      return { status: 503, body: { code: 'SERVICE.UNAVAILABLE', message, correlationId } };
    }
    return { status: 500, body: { code: 'INTERNAL', message: 'Internal error', correlationId } };
  }
}

/** The path without its query string (queries may carry personal data). */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
