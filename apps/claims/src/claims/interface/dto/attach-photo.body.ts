import { z } from 'zod';
import type { ClaimPhoto } from '../../application/ports/claim-photo.repository.port.js';

/** `POST /claims/:id/photos` body: the photo's URL. What may be fetched is the `ssrf` defense's. */
export const AttachPhotoBodySchema = z.strictObject({ url: z.string().min(1).max(2048) });
export type AttachPhotoBody = z.infer<typeof AttachPhotoBodySchema>;

/** What the member sees of an attached photo: what the fetch learnt, never the body. */
export interface ClaimPhotoResponse {
  id: string;
  url: string;
  httpStatus: number;
  contentType: string | null;
  sizeBytes: number;
  addedAt: string;
}

export function toClaimPhotoResponse(photo: ClaimPhoto): ClaimPhotoResponse {
  return {
    id: photo.id,
    url: photo.url,
    httpStatus: photo.httpStatus,
    contentType: photo.contentType,
    sizeBytes: photo.sizeBytes,
    addedAt: photo.addedAt.toISOString(),
  };
}
