import { Body, Inject, Injectable, mixin, type PipeTransform, type Type } from '@nestjs/common';
import type { z } from 'zod';
import { DomainError } from '@claimguard/contracts';
import { audit, withRefusalAudit } from '@claimguard/observability';
import { PARTY_AUTH_OPTIONS, type PartyAuthOptions } from '../party-token/auth-options.js';
import { ZodBodyPipe } from './zod-body.pipe.js';

/**
 * `@Body()` validated by a strict object schema (defense `mass-assignment`): unknown fields are a
 * 400 naming them. TRAINING ONLY — with `mass-assignment` off, unknown top-level fields pass
 * through to the handler instead (audited as `defense.off`), which is how mass assignment starts:
 * whatever the client sent reaches code that may bind it to a model.
 * @example create(@StrictBody(FileClaimBodySchema) body: FileClaimBody) {}
 */
export function StrictBody(schema: z.ZodObject): ParameterDecorator {
  return Body(strictBodyPipe(schema));
}

function strictBodyPipe(schema: z.ZodObject): Type<PipeTransform> {
  const strict = new ZodBodyPipe(schema);
  const loose = new ZodBodyPipe(schema.loose());
  const known = new Set(Object.keys(schema.shape));

  @Injectable()
  class StrictBodyPipe implements PipeTransform {
    constructor(@Inject(PARTY_AUTH_OPTIONS) private readonly options: PartyAuthOptions) {}

    transform(value: unknown): unknown {
      if (this.options.defenses.isOn('mass-assignment')) return refuseUnknownFields(value);
      const parsed = loose.transform(value);
      const extra = Object.keys(parsed).filter((key) => !known.has(key));
      if (extra.length > 0) {
        audit(this.options.logger, {
          action: 'defense.off',
          defense: 'mass-assignment',
          reason: `request body kept unknown field(s) ${extra.join(', ')} (defense mass-assignment is off)`,
        });
      }
      return parsed;
    }
  }
  /**
   * The strict parse; a body naming fields the schema does not know is refused with the audit line
   * of the `mass-assignment` defense (written by the error filter, which knows the request).
   */
  function refuseUnknownFields(value: unknown): unknown {
    try {
      return strict.transform(value);
    } catch (error) {
      const unknown =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? Object.keys(value).filter((key) => !known.has(key))
          : [];
      if (error instanceof DomainError && unknown.length > 0) {
        throw withRefusalAudit(error, {
          action: 'authz.denied',
          defense: 'mass-assignment',
          reason: `request body named unknown field(s) ${unknown.slice(0, 10).join(', ')}`,
        });
      }
      throw error;
    }
  }
  return mixin(StrictBodyPipe);
}
