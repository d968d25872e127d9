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

  async add(photo: ClaimPhoto): Promise<void> {
    await this.prisma.claimPhoto.create({ data: { ...photo } });
  }
}
