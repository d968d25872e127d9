import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TRAINING_SYNC_PATH } from '@claimguard/contracts';
import { RateLimits } from './rate-limits.js';

/**
 * Liveness probes come from the platform, often in bulk from one address, and every process syncs
 * with the training switchboard twice a second (signed, refused in production): never limited.
 */
const UNLIMITED = new Set(['/healthz', TRAINING_SYNC_PATH]);

/**
 * The per-client-IP limit, as a global guard: it runs before every controller, so before the
 * bearer is even read. The IP is the TCP peer unless `TRUSTED_PROXIES` names the peer as a proxy
 * (then Fastify takes the nearest untrusted `X-Forwarded-For` hop).
 */
@Injectable()
export class ClientRateLimitGuard implements CanActivate {
  constructor(private readonly limits: RateLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const q = request.url.indexOf('?');
    const path = q === -1 ? request.url : request.url.slice(0, q);
    if (UNLIMITED.has(path)) return true;
    await this.limits.checkClient(request.ip, String(request.id), `${request.method} ${path}`);
    return true;
  }
}
