import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import type { RepairConfig } from '../config.js';
import { REPAIR_CONFIG } from './tokens.js';

/** The repair database: Prisma 7 over the `pg` driver adapter (no native engine at run time). */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(@Inject(REPAIR_CONFIG) config: RepairConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }) });
  }

  /** Shutdown (not module destroy): the outbox relay stops in its destroy hook and needs the pool until then. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
