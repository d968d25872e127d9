import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '@claimguard/auth';
import { HEALTH_PATH } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import { LOGGER, READINESS_CHECK } from '../tokens.js';
import type { ReadinessCheck } from './readiness.js';

/** `GET /healthz`: 200 `{status:'ok'}` when the readiness check passes, else 503 `unavailable`. */
@Controller()
export class HealthController {
  constructor(
    @Inject(READINESS_CHECK) private readonly readiness: ReadinessCheck,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  @Public()
  @Get(HEALTH_PATH)
  async health(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ status: 'ok' | 'unavailable' }> {
    try {
      await this.readiness.check();
      return { status: 'ok' };
    } catch (error) {
      this.log.warn({ err: error }, `health check: ${this.readiness.name} unavailable`);
      void reply.status(503);
      return { status: 'unavailable' };
    }
  }
}
