import type { Producer } from 'kafkajs';
import type { Logger } from '@claimguard/observability';
import { signedEventMessage } from '../signing/event-signature.js';
import type { EventSigningKey } from '../signing/event-keys.js';
import { OUTBOX_TABLE, type SqlExecutor, type TransactionRunner } from '../sql.js';

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  event_type: string;
  payload: unknown;
}

export interface OutboxRelayOptions<TTx extends SqlExecutor> {
  transaction: TransactionRunner<TTx>;
  producer: Producer;
  logger: Logger;
  /**
   * The producing service's event-signing key: every message gets a detached JWS of its exact
   * bytes in the `event-signature` header (defense `event-signing`).
   */
  signer: EventSigningKey;
  /**
   * Called with a batch read and locked, before it is sent (fault injection: a crash here must
   * lose nothing — the rows stay unsent and go out after the restart).
   */
  beforePublish?: () => void;
  /**
   * Called after Kafka acknowledged a batch and before its rows are marked sent (fault injection:
   * a crash here must not lose or double anything).
   */
  afterPublish?: () => void;
  /** How often to look for unpublished rows when nobody nudges the relay. */
  pollIntervalMs?: number;
  batchSize?: number;
}

/**
 * Publishes committed outbox rows to Kafka, oldest first, and marks them published. Delivery is
 * at least once: a crash after the send and before the mark publishes the row again, and
 * consumers dedupe by event id. Rows are locked with `SKIP LOCKED`, so two relays never send the
 * same row concurrently; while the broker is down, rows simply wait.
 */
export class OutboxRelay<TTx extends SqlExecutor> {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;
  private again = false;
  private failures = 0;

  constructor(private readonly options: OutboxRelayOptions<TTx>) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Wakes the relay now (call after committing a transaction that appended events). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  /** Publishes one batch; returns how many rows were sent. Exposed for tests and drills. */
  async publishBatch(): Promise<number> {
    const { transaction, producer } = this.options;
    const limit = this.options.batchSize ?? 100;
    return transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<OutboxRow[]>(
        `SELECT id, topic, message_key, event_type, payload FROM ${OUTBOX_TABLE}
         WHERE published_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        limit,
      );
      if (rows.length === 0) return 0;
      // One send per topic keeps each aggregate's events in commit order (key → partition).
      const byTopic = new Map<string, OutboxRow[]>();
      for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
      const topicMessages = await Promise.all(
        [...byTopic].map(async ([topic, list]) => ({
          topic,
          messages: await Promise.all(list.map((row) => this.message(row))),
        })),
      );
      this.options.beforePublish?.();
      await producer.sendBatch({ topicMessages });
      this.options.afterPublish?.();
      await tx.$executeRawUnsafe(
        `UPDATE ${OUTBOX_TABLE} SET published_at = now() WHERE id = ANY($1::uuid[])`,
        rows.map((r) => r.id),
      );
      return rows.length;
    });
  }

  /** The Kafka message of a row: the value is signed exactly as it is sent. */
  private message(row: OutboxRow) {
    return signedEventMessage(
      this.options.signer,
      { id: row.id, type: row.event_type, subject: row.message_key },
      { value: Buffer.from(JSON.stringify(row.payload), 'utf8') },
    );
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    let sent = 0;
    try {
      sent = await this.publishBatch();
      if (this.failures > 0) this.options.logger.info('outbox relay recovered');
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      // Rows stay unpublished and are retried; back off so a broker outage is not a busy loop.
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.options.logger.warn(
          { err: error, failures: this.failures },
          'outbox relay could not publish; will retry',
        );
      }
    } finally {
      this.running = false;
    }
    const base = this.options.pollIntervalMs ?? 200;
    const delay =
      this.failures > 0
        ? Math.min(5000, base * 2 ** Math.min(this.failures, 5))
        : sent > 0 || this.again
          ? 0
          : base;
    this.again = false;
    this.schedule(delay);
  }
}
