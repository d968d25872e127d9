import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../platform/prisma.service.js';
import {
  ClaimPhotoRepository,
  type ClaimPhoto,
} from '../application/ports/claim-photo.repository.port.js';

/** Claim photos in PostgreSQL (`claim_photos`). */
@Injectable()
export class PrismaClaimPhotoRepository extends ClaimPhotoRepository {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  count(claimId: string): Promise<number> {
    return this.prisma.claimPhoto.count({ where: { claimId } });
  }

  async addWithin(photo: ClaimPhoto, max: number): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      // The claim's row lock queues every other add to this claim until this one commits.
      await tx.$queryRaw`SELECT 1 FROM claims WHERE id = ${photo.claimId}::uuid FOR UPDATE`;
      if ((await tx.claimPhoto.count({ where: { claimId: photo.claimId } })) >= max) return false;
      await tx.claimPhoto.create({ data: { ...photo } });
      return true;
    });
  }
}
