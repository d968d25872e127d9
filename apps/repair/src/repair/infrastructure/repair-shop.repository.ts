import { Injectable } from '@nestjs/common';
import { RepairShopRepository } from '../application/ports/repair-shop.repository.port.js';
import type { Transaction } from '../application/ports/transaction.js';
import type { RepairShop } from '../domain/repair-shop.js';
import { prismaOf } from './prisma-transaction.js';

/** The `repair_shops` reference table (seeded by a migration). */
@Injectable()
export class PrismaRepairShopRepository extends RepairShopRepository {
  async findById(id: string, tx: Transaction): Promise<RepairShop | undefined> {
    const row = await prismaOf(tx).repairShop.findUnique({ where: { id } });
    return row ? { id: row.id, name: row.name } : undefined;
  }
}
