import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../platform/prisma.service.js';
import { ConsentRepository } from '../application/ports/consent.repository.port.js';

/** Consents in PostgreSQL (`claim_consents`), one row per claim and shop. */
@Injectable()
export class PrismaConsentRepository extends ConsentRepository {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async grant(claimId: string, shopId: string): Promise<void> {
    await this.prisma.claimConsent.upsert({
      where: { claimId_shopId: { claimId, shopId } },
      create: { claimId, shopId },
      update: {},
    });
  }

  async revoke(claimId: string, shopId: string): Promise<boolean> {
    const { count } = await this.prisma.claimConsent.deleteMany({ where: { claimId, shopId } });
    return count > 0;
  }

  async shopsFor(claimId: string): Promise<string[]> {
    const rows = await this.prisma.claimConsent.findMany({
      where: { claimId },
      select: { shopId: true },
      orderBy: { shopId: 'asc' },
    });
    return rows.map((r) => r.shopId);
  }
}
