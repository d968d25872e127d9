declare const transactionBrand: unique symbol;

/**
 * The database transaction an incoming event is handled in: the consumer's inbox row, the claim
 * change and its outbox rows commit in it together, or not at all. Opaque to the application (it
 * only passes it on); the Prisma adapter in infrastructure/ knows what it is.
 */
export interface Transaction {
  readonly [transactionBrand]: 'Transaction';
}
