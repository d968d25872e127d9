import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { correlationIdOf } from '@claimguard/observability';

/**
 * The request's correlation id. The `onRequest` hook of app.ts has already normalised the header,
 * so this is the same id the error filter and the response header use.
 */
export const CorrelationId = createParamDecorator((_data: unknown, ctx: ExecutionContext): string =>
  correlationIdOf(
    ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>()
      .headers,
  ),
);
