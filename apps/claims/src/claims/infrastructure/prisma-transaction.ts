import type { Prisma } from '../../generated/prisma/client.js';
import type { Transaction } from '../application/ports/transaction.js';

/**
 * The only two places where the application's opaque {@link Transaction} meets Prisma's
 * transaction client: consumers wrap the client they were handed, repositories unwrap it.
 */
export function asTransaction(tx: Prisma.TransactionClient): Transaction {
  return tx as unknown as Transaction;
}

export function prismaOf(tx: Transaction): Prisma.TransactionClient {
  return tx as unknown as Prisma.TransactionClient;
}
