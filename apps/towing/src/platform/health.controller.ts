import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '@claimguard/auth';
import { HEALTH_PATH } from '@claimguard/contracts';
import type { Logger } from '@claimguard/observability';
import { PrismaService } from './prisma.service.js';
import { LOGGER } from './tokens.js';

/** Ready means the database answers; the broker may be down (the outbox keeps events meanwhile). */
@Controller()
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  @Public()
  @Get(HEALTH_PATH)
  async health(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ status: 'ok' | 'unavailable' }> {
    try {
      await this.prisma.$queryRawUnsafe('SELECT 1');
      return { status: 'ok' };
    } catch (error) {
      this.log.warn({ err: error }, 'health check: database unavailable');
      void reply.status(503);
      return { status: 'unavailable' };
    }
  }
}
