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
  /** How many photos the claim has. */
  abstract count(claimId: string): Promise<number>;
  /**
   * Stores the photo unless its claim already has `max` photos, and says whether it did. Adds to
   * one claim are serialised, so simultaneous attachments cannot pass the cap together.
   */
  abstract addWithin(photo: ClaimPhoto, max: number): Promise<boolean>;
}
