import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { DomainError } from '@claimguard/contracts';

/**
 * Validates a request body against a strict zod schema: unknown fields are a 400, never bound to
 * a model (the `mass-assignment` defense). Messages name the field, never echo its value.
 * @example @Body(new ZodBodyPipe(FileClaimBodySchema)) body: FileClaimBody
 */
@Injectable()
export class ZodBodyPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw new DomainError(
      'REQUEST.VALIDATION_FAILED',
      'The request body is not valid',
      result.error.issues.map((issue) => ({
        path: issue.path.join('.') || '(body)',
        message:
          issue.code === 'unrecognized_keys'
            ? `unknown field(s): ${issue.keys.join(', ')}`
            : issue.message,
      })),
    );
  }
}
