import { INBOX_TABLE, type SqlExecutor } from '../sql.js';

/**
 * Records that `consumer` processed `eventId` inside the caller's transaction. Returns false when
 * it already had, so the caller skips the effect: an event delivered twice has one effect.
 */
export async function claimInboxSlot(
  tx: SqlExecutor,
  consumer: string,
  eventId: string,
  eventType: string,
): Promise<boolean> {
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO ${INBOX_TABLE} (consumer, event_id, event_type) VALUES ($1, $2::uuid, $3)
     ON CONFLICT (consumer, event_id) DO NOTHING`,
    consumer,
    eventId,
    eventType,
  );
  return inserted === 1;
}
