import { Injectable } from '@nestjs/common';
import { AdjusterDirectory } from '../application/ports/adjuster-directory.port.js';
import type { Transaction } from '../application/ports/transaction.js';
import { prismaOf } from './prisma-transaction.js';

/** Adjusters in PostgreSQL: the least busy active one takes the next estimate. */
@Injectable()
export class PrismaAdjusterDirectory extends AdjusterDirectory {
  async pickForEstimate(tx: Transaction): Promise<string | undefined> {
    const rows = await prismaOf(tx).$queryRaw<{ id: string }[]>`
      SELECT a.id FROM adjusters a
      LEFT JOIN claims c ON c.adjuster_id = a.id AND c.status = 'ESTIMATE_SUBMITTED'
      WHERE a.active
      GROUP BY a.id
      ORDER BY count(c.id), a.id
      LIMIT 1`;
    return rows[0]?.id;
  }
}
