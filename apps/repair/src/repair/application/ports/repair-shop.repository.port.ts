import type { RepairShop } from '../../domain/repair-shop.js';
import type { Transaction } from './transaction.js';

/** The partner shops (reference data). The Prisma adapter lives in infrastructure/. */
export abstract class RepairShopRepository {
  /** The shop with this id, or undefined when it is not a partner. */
  abstract findById(id: string, tx: Transaction): Promise<RepairShop | undefined>;
}
