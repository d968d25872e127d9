import type { OutboxRelay, SqlExecutor } from '@claimguard/messaging';

/**
 * The slice of a service's Prisma client the chassis uses: a ping for readiness and interactive
 * transactions for the outbox relay. A `PrismaService` extending the service's generated
 * `PrismaClient` satisfies it, so the chassis stays free of any service's schema.
 */
export interface ServiceDatabase extends SqlExecutor {
  $transaction<R>(fn: (tx: SqlExecutor) => Promise<R>, options?: { timeout?: number }): Promise<R>;
}

/** The relay behind `OUTBOX_RELAY`: repositories and consumers only call `nudge()` on it. */
export type ServiceOutboxRelay = OutboxRelay<SqlExecutor>;
