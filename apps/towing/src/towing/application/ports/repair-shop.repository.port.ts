import type { RepairShop } from '../../domain/repair-shop.js';

/** The partner collision shops (reference data). The Prisma adapter lives in infrastructure/. */
export abstract class RepairShopRepository {
  /** The partner shop with this id, or undefined when towing does not deliver there. */
  abstract findById(id: string): Promise<RepairShop | undefined>;
}
