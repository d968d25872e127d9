import type { TowCompany } from '../../domain/tow-company.js';
import type { Transaction } from './transaction.js';

/** The tow companies (reference data). The Prisma adapter lives in infrastructure/. */
export abstract class TowCompanyRepository {
  /** Every company with the states it serves (a handful of rows). */
  abstract all(tx: Transaction): Promise<TowCompany[]>;
}
