import type { RentalAgency } from '../../domain/rental-agency.js';
import type { Transaction } from './transaction.js';

/** The rental agencies (reference data). The Prisma adapter lives in infrastructure/. */
export abstract class RentalAgencyRepository {
  /** Every agency with the states it serves (a handful of rows). */
  abstract all(tx: Transaction): Promise<RentalAgency[]>;
}
