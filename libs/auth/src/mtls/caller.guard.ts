import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '@claimguard/contracts';
import { audit, correlationIdOf } from '@claimguard/observability';
import { CALLER_AUTH_OPTIONS, type CallerAuthOptions } from './caller-options.js';
import { peerIdentityOf, type PeerSocket } from './peer-identity.js';

interface CallerRequest {
  method: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  routeOptions?: { url?: string };
  raw: { socket?: PeerSocket };
}

/**
 * Defense `mtls`, registered globally before the party-token guard: the workload that opened the
 * connection (the SPIFFE id of its verified client certificate) must be on the route's `callers`
 * list, else 403 `AUTH.CALLER_FORBIDDEN` with an audit line — whatever party token it carries.
 * Public routes are checked too (`/healthz` and the manifest allow the gateway and `ops`). With the
 * defense off every caller passes, and each pass is audited as `defense.off`.
 */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(@Inject(CALLER_AUTH_OPTIONS) private readonly options: CallerAuthOptions) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.options.tls) return true;
    const request = context.switchToHttp().getRequest<CallerRequest>();
    const route = request.routeOptions?.url ?? request.url ?? '';
    const allowed = this.options.callersOf(request.method, route);
    const peer = peerIdentityOf(request.raw.socket, this.options.trustDomain);
    if (peer.verified && allowed.includes(peer.workload)) return true;
    const reason = peer.verified
      ? `caller ${peer.workload} is not allowed on ${request.method} ${route} (allowed: ${allowed.join(', ')})`
      : peer.reason;
    const on = this.options.defenses.isOn('mtls');
    audit(this.options.logger, {
      action: on ? 'authz.denied' : 'defense.off',
      defense: 'mtls',
      correlationId: correlationIdOf(request.headers),
      resource: `${request.method} ${request.url ?? route}`,
      // Without a verified certificate the client address is all that names the caller.
      actor: peer.verified
        ? `workload ${peer.workload}`
        : `client ${request.raw.socket?.remoteAddress ?? 'unknown'}`,
      reason: on ? reason : `training mode: let through: ${reason}`,
    });
    if (!on) return true;
    throw new DomainError('AUTH.CALLER_FORBIDDEN', 'This caller may not call this route');
  }
}
