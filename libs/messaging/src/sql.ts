/**
 * The slice of a database client the outbox and inbox need. PrismaClient and its interactive
 * transaction client both satisfy it, so the messaging lib stays free of any service's schema.
 */
export interface SqlExecutor {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

/** Runs `fn` in one database transaction (e.g. `(fn) => prisma.$transaction(fn)`). */
export type TransactionRunner<TTx extends SqlExecutor> = <R>(
  fn: (tx: TTx) => Promise<R>,
) => Promise<R>;

/**
 * The tables every producing/consuming service adds to its own schema (see
 * docs/adding-a-service.md for the Prisma models):
 *
 *   outbox_messages(id uuid pk, topic text, message_key text, event_type text, payload jsonb,
 *                   created_at timestamptz default now(), published_at timestamptz null)
 *   inbox_messages(consumer text, event_id uuid, event_type text, processed_at timestamptz
 *                  default now(), primary key (consumer, event_id))
 */
export const OUTBOX_TABLE = 'outbox_messages';
export const INBOX_TABLE = 'inbox_messages';
