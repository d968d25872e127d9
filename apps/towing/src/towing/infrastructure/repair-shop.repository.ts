import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../platform/prisma.service.js';
import { RepairShopRepository } from '../application/ports/repair-shop.repository.port.js';
import type { RepairShop } from '../domain/repair-shop.js';

/** The `repair_shops` reference table (partner shops, seeded by a migration). */
@Injectable()
export class PrismaRepairShopRepository extends RepairShopRepository {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async findById(id: string): Promise<RepairShop | undefined> {
    const row = await this.prisma.repairShop.findUnique({ where: { id } });
    return row ? { id: row.id, name: row.name } : undefined;
  }
}
