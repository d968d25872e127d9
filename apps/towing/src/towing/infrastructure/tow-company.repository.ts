import { Injectable } from '@nestjs/common';
import { TowCompanyRepository } from '../application/ports/tow-company.repository.port.js';
import type { Transaction } from '../application/ports/transaction.js';
import type { TowCompany } from '../domain/tow-company.js';
import { prismaOf } from './prisma-transaction.js';

/** The `tow_companies` reference table (seeded by a migration). */
@Injectable()
export class PrismaTowCompanyRepository extends TowCompanyRepository {
  async all(tx: Transaction): Promise<TowCompany[]> {
    const rows = await prismaOf(tx).towCompany.findMany({ orderBy: { id: 'asc' } });
    return rows.map((row) => ({ id: row.id, name: row.name, serviceStates: row.serviceStates }));
  }
}
