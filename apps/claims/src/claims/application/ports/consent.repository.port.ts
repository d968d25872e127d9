/**
 * The member's consents: which shop may see their contact details for which claim. Read on every
 * contact request, so a revocation takes effect on the next one.
 */
export abstract class ConsentRepository {
  /** Records the consent; granting twice is one consent. */
  abstract grant(claimId: string, shopId: string): Promise<void>;

  /** Removes the consent; false when there was none. */
  abstract revoke(claimId: string, shopId: string): Promise<boolean>;

  /** The shops that hold a consent for this claim. */
  abstract shopsFor(claimId: string): Promise<string[]>;
}
