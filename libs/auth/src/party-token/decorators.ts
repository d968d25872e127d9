import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { ApiScope } from '@claimguard/contracts';
import type { AuthenticatedParty } from './authenticated-party.js';

export const PUBLIC_ROUTE = 'claimguard:public';
export const REQUIRED_SCOPES = 'claimguard:scopes';

/** Opens a route without a party token (health, route manifest). Everything else is closed. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The scopes a route needs, all of them. Checked again here although the gateway checked them:
 * a service does not trust the network path it was reached by.
 * @example @RequireScopes('claims:read') @Get(':id') get(...) {}
 */
export const RequireScopes = (...scopes: ApiScope[]): MethodDecorator =>
  SetMetadata(REQUIRED_SCOPES, scopes);

export const EXCHANGED_TOKEN_ROUTE = 'claimguard:exchanged-token';

/**
 * An east-west route: it takes no party token but a token identity exchanged for this service
 * (RFC 8693), whose `act.sub` must be the workload of the mTLS client certificate and whose scope
 * must hold `scope`. The route's manifest entry names its `callers` and is `internal`.
 * @example @ExchangedToken('claims:coverage') @Get(':id/coverage') coverage(...) {}
 */
export const ExchangedToken =
  (scope: ApiScope): MethodDecorator =>
  (target, key, descriptor) => {
    SetMetadata(EXCHANGED_TOKEN_ROUTE, scope)(target, key, descriptor);
    SetMetadata(REQUIRED_SCOPES, [scope])(target, key, descriptor);
  };

/** Injects the verified caller into a controller method. */
export const CurrentParty = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedParty =>
    ctx.switchToHttp().getRequest<{ user: AuthenticatedParty }>().user,
);
