import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '@claimguard/contracts';
import { audit, correlationIdOf } from '@claimguard/observability';
import type { AuthenticatedParty } from './authenticated-party.js';
import { PARTY_AUTH_OPTIONS, type PartyAuthOptions } from './auth-options.js';
import { PUBLIC_ROUTE, REQUIRED_SCOPES } from './decorators.js';
import { PARTY_TOKEN_STRATEGY } from './party-token.strategy.js';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  url?: string;
  user?: AuthenticatedParty;
}

/**
 * The service's front door, registered globally: every route needs a valid party token and the
 * scopes it declares, unless marked `@Public()`. A route that declares no scopes is refused —
 * deny by default, so a forgotten decorator fails closed.
 */
@Injectable()
export class PartyTokenGuard extends AuthGuard(PARTY_TOKEN_STRATEGY) {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PARTY_AUTH_OPTIONS) private readonly options: PartyAuthOptions,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const caller = request.user;
    const required = this.reflector.getAllAndOverride<string[] | undefined>(
      REQUIRED_SCOPES,
      targets,
    );
    const missing = required ? required.filter((s) => !caller?.scopes.includes(s)) : undefined;
    if (!caller || !missing || missing.length > 0) {
      audit(this.options.logger, {
        action: 'authz.denied',
        correlationId: correlationIdOf(request.headers),
        ...(caller ? { sub: caller.sub, party: caller.party } : {}),
        resource: request.url ?? '',
        reason: missing ? `missing scope ${missing.join(' ')}` : 'route declares no scopes',
      });
      throw new DomainError('AUTH.INSUFFICIENT_SCOPE', 'The token lacks a scope this route needs');
    }
    return true;
  }

  /** Called by passport with the strategy's outcome; refuses with a stable code and an audit line. */
  override handleRequest<TUser = AuthenticatedParty>(
    err: unknown,
    user: TUser | false,
    info: unknown,
    context: ExecutionContext,
  ): TUser {
    if (err || !user) {
      const request = context.switchToHttp().getRequest<GuardedRequest>();
      const reason = reasonOf(err, info);
      audit(this.options.logger, {
        action: 'token.rejected',
        defense: reason.includes('audience') ? 'jwt-audience' : 'party-token',
        correlationId: correlationIdOf(request.headers),
        resource: request.url ?? '',
        reason,
      });
      const missing = reason === 'No auth token';
      throw new DomainError(
        missing ? 'AUTH.TOKEN_MISSING' : 'AUTH.TOKEN_INVALID',
        missing ? 'A party token is required' : 'The party token is not valid here',
      );
    }
    return user;
  }
}

function reasonOf(err: unknown, info: unknown): string {
  const source = err ?? info;
  if (source instanceof Error) return source.message;
  return typeof source === 'string' ? source : 'no caller';
}
