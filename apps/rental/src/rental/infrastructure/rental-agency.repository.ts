import { Injectable } from '@nestjs/common';
import { RentalAgencyRepository } from '../application/ports/rental-agency.repository.port.js';
import type { Transaction } from '../application/ports/transaction.js';
import type { RentalAgency } from '../domain/rental-agency.js';
import { prismaOf } from './prisma-transaction.js';

/** The `rental_agencies` reference table (seeded by a migration). */
@Injectable()
export class PrismaRentalAgencyRepository extends RentalAgencyRepository {
  async all(tx: Transaction): Promise<RentalAgency[]> {
    const rows = await prismaOf(tx).rentalAgency.findMany({ orderBy: { id: 'asc' } });
    return rows.map((row) => ({ id: row.id, name: row.name, serviceStates: row.serviceStates }));
  }
}
