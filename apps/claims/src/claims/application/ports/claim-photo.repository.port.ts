import type { FetchedPhoto } from './photo-fetcher.port.js';

/** A photo attached to a claim, as stored. */
export interface ClaimPhoto extends FetchedPhoto {
  id: string;
  claimId: string;
  url: string;
  addedBy: string;
  addedAt: Date;
}

/** Storage of the photos attached to claims. */
export abstract class ClaimPhotoRepository {
  abstract add(photo: ClaimPhoto): Promise<void>;
}
