import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { correlationIdOf } from '@claimguard/observability';

/**
 * The request's correlation id. `registerCorrelationHook` (installed by `createServiceApp`) has
 * already normalised the header, so this is the same id the error filter and the response header
 * use. Without the hook, a request without a valid id would get a fresh one on every read.
 * @example
 * @Get(':id') read(@Param('id') id: string, @CorrelationId() correlationId: string) { … }
 */
export const CorrelationId = createParamDecorator((_data: unknown, ctx: ExecutionContext): string =>
  correlationIdOf(
    ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>()
      .headers,
  ),
);
