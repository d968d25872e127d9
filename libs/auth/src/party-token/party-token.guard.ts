import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError, SPIFFE_TRUST_DOMAIN } from '@claimguard/contracts';
import { audit, correlationIdOf } from '@claimguard/observability';
import { ExchangedTokenVerifier } from '../exchanged-token/exchanged-token.verifier.js';
import { peerIdentityOf, type PeerSocket } from '../mtls/peer-identity.js';
import type { AuthenticatedParty } from './authenticated-party.js';
import { PARTY_AUTH_OPTIONS, type PartyAuthOptions } from './auth-options.js';
import { EXCHANGED_TOKEN_ROUTE, PUBLIC_ROUTE, REQUIRED_SCOPES } from './decorators.js';
import { JwksKeyStore } from './jwks-key-store.js';
import { PARTY_TOKEN_STRATEGY } from './party-token.strategy.js';
import { TrainingTokenPath } from './training-token.path.js';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  url?: string;
  user?: AuthenticatedParty;
  raw?: { socket?: PeerSocket };
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
    this.exchanged = options.exchange
      ? new ExchangedTokenVerifier({
          issuer: options.exchange.issuer,
          audience: options.service,
          keys: new JwksKeyStore(options.exchange.jwksUrl),
        })
      : undefined;
    this.training = new TrainingTokenPath({
      service: options.service,
      issuer: options.issuer,
      defenses: options.defenses,
      partyKeys: keysOrNothing(new JwksKeyStore(options.jwksUrl)),
      ...(options.exchange
        ? { identityKeys: keysOrNothing(new JwksKeyStore(options.exchange.jwksUrl)) }
        : {}),
    });
  }

  private readonly exchanged: ExchangedTokenVerifier | undefined;
  /** TRAINING ONLY: consulted only while `jwt-alg` or `jwt-claims` is off. */
  private readonly training: TrainingTokenPath;

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const exchangedScope = this.reflector.get<string | undefined>(
      EXCHANGED_TOKEN_ROUTE,
      context.getHandler(),
    );
    if (exchangedScope) return this.checkExchanged(context, exchangedScope);
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    if (!(await this.acceptedForTraining(request))) await super.canActivate(context);
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

  /**
   * TRAINING ONLY. While `jwt-alg` or `jwt-claims` is off (read now, per request), a token that
   * needs one of their shortcuts is let in here and every shortcut it used is audited as
   * `defense.off`; any other token goes on to the strict passport strategy, unchanged.
   */
  private async acceptedForTraining(request: GuardedRequest): Promise<boolean> {
    if (!this.training.active()) return false;
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
    const result = await this.training.accept(header.slice(7));
    if (!result) return false;
    for (const use of result.uses) {
      audit(this.options.logger, {
        action: 'defense.off',
        defense: use.defense,
        correlationId: correlationIdOf(request.headers),
        sub: result.party.sub,
        party: result.party.party,
        resource: request.url ?? '',
        reason: use.reason,
      });
    }
    request.user = result.party;
    return true;
  }

  /**
   * An east-west route: only a token identity exchanged for this service, acting through the
   * workload whose client certificate opened the connection, with the route's scope. Deny by
   * default: no exchange configured, no TLS caller, or any check failing answers 401.
   */
  private async checkExchanged(context: ExecutionContext, scope: string): Promise<boolean> {
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const header = request.headers.authorization;
    const token =
      typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
    const peer = this.options.callers?.tls
      ? peerIdentityOf(request.raw?.socket, this.options.callers.trustDomain || SPIFFE_TRUST_DOMAIN)
      : undefined;
    // Binding `act.sub` to the client certificate is part of defense `mtls`: with it off
    // (training) a stolen exchanged token works from any certificate, audited as `defense.off`.
    const bindActor = this.options.defenses.isOn('mtls');
    const result = this.exchanged
      ? await this.exchanged.verify(token, {
          callerWorkload: peer?.verified ? peer.workload : undefined,
          requiredScope: scope,
          bindActor,
        })
      : { ok: false as const, reason: 'token exchange not configured' };
    if (result.ok && !bindActor && result.party.actor !== (peer?.verified ? peer.workload : '')) {
      audit(this.options.logger, {
        action: 'defense.off',
        defense: 'mtls',
        correlationId: correlationIdOf(request.headers),
        resource: request.url ?? '',
        reason: `training mode: exchanged token acting for ${result.party.actor} accepted from another caller`,
      });
    }
    if (!result.ok) {
      audit(this.options.logger, {
        action: 'token.rejected',
        defense: result.reason === 'audience' ? 'jwt-audience' : 'party-token',
        correlationId: correlationIdOf(request.headers),
        resource: request.url ?? '',
        reason: `exchanged token: ${result.reason}`,
      });
      throw new DomainError(
        token ? 'AUTH.TOKEN_INVALID' : 'AUTH.TOKEN_MISSING',
        token ? 'The exchanged token is not valid here' : 'An exchanged token is required',
      );
    }
    const { party } = result;
    request.user = {
      sub: party.sub,
      party: party.party,
      scopes: party.scopes,
      clientId: undefined,
      acr: undefined,
      amr: undefined,
      authTime: undefined,
      tokenId: party.tokenId ?? '',
      actor: party.actor,
    };
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
        defense: defenseOfRejection(reason),
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

/**
 * The defense that refused a party token, from the strategy's (and jsonwebtoken's) reason: the
 * audience (`jwt-audience`), a claim check — exp, nbf, maxAge, iss, typ (`jwt-claims`) — or the
 * pinned algorithm and key (`jwt-alg`); anything else (no token, malformed) is `party-token`.
 * @example defenseOfRejection('jwt expired') // 'jwt-claims'
 */
export function defenseOfRejection(reason: string): string {
  if (reason.includes('audience')) return 'jwt-audience';
  if (/expired|not active|maxage|issuer|\btyp\b|exp missing|\biat\b/i.test(reason))
    return 'jwt-claims';
  if (/\balg\b|algorithm|signature|signing key/i.test(reason)) return 'jwt-alg';
  return 'party-token';
}

/** A key lookup that answers "unknown" when the JWKS cannot be read (the strict path then refuses). */
function keysOrNothing(store: JwksKeyStore): (kid: string) => Promise<string | undefined> {
  return (kid) => store.get(kid).catch(() => undefined);
}

function reasonOf(err: unknown, info: unknown): string {
  const source = err ?? info;
  if (source instanceof Error) return source.message;
  return typeof source === 'string' ? source : 'no caller';
}
