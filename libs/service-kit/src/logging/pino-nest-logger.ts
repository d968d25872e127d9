import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@claimguard/observability';

/**
 * Sends Nest's own messages (boot, route mapping, DI errors) through the service's pino logger, so
 * there is one JSON log stream with one redaction list. Nest's chatty `log` level becomes debug.
 * @example NestFactory.create(AppModule, adapter, { logger: new PinoNestLogger(logger) });
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.pino.debug({ context: contextOf(params) }, String(message));
  }

  error(message: unknown, ...params: unknown[]): void {
    const [stack] = params;
    this.pino.error(
      { context: contextOf(params), stack: typeof stack === 'string' ? stack : undefined },
      String(message),
    );
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.pino.warn({ context: contextOf(params) }, String(message));
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.pino.debug({ context: contextOf(params) }, String(message));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.pino.trace({ context: contextOf(params) }, String(message));
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.pino.fatal({ context: contextOf(params) }, String(message));
  }
}

/** Nest passes the context (a class name) as the last extra argument. */
function contextOf(params: unknown[]): string | undefined {
  const last = params.at(-1);
  return typeof last === 'string' ? last : undefined;
}
