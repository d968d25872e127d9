import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dlqTopic, TOPICS, type ClaimFiledV1, type EventEnvelope } from '@claimguard/contracts';
import { createLogger, onAudit, type AuditEvent } from '@claimguard/observability';
import {
  eventually,
  resetDatabase,
  startMockBroker,
  type RunningBroker,
} from '@claimguard/testing';
import {
  appendToOutbox,
  consumerTimings,
  createEnvelope,
  createKafka,
  EventConsumer,
  EVENT_SIGNATURE_HEADER,
  type LogPosition,
  FileEventKeyResolver,
  loadOrCreateEventSigningKey,
  OutboxRelay,
  PoisonMessageError,
  signedEventMessage,
  type EventSigningKey,
  type SqlExecutor,
  type TransactionRunner,
  WITHOUT_INBOX,
} from '../src/index.js';

/**
 * The delivery rules every service relies on, against real PostgreSQL and a real Kafka-protocol
 * broker (its own instance, so the test can take it down). The database client is `pg` behind the
 * lib's SqlExecutor port: the rules must hold for any client, Prisma included.
 */

const log = createLogger('messaging-test', 'silent');
let pool: pg.Pool;
let broker: RunningBroker;
let kafka: Kafka;
/** The trust store of this test: claims' and towing's event-signing keys. */
const keysDir = mkdtempSync(join(tmpdir(), 'claimguard-messaging-keys-'));
let claimsKey: EventSigningKey;
let towingKey: EventSigningKey;

/** pg behind the SqlExecutor port: `$1`-style parameters, one client per transaction. */
function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    $queryRawUnsafe: async <T>(sql: string, ...values: unknown[]) =>
      (await client.query(sql, values)).rows as T,
    $executeRawUnsafe: async (sql: string, ...values: unknown[]) =>
      (await client.query(sql, values)).rowCount ?? 0,
  };
}
const transaction: TransactionRunner<SqlExecutor> = async (fn) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(executor(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
};

/** `ClaimFiled` v1 data that satisfies the event catalog. */
const filedData = (claimId: string): ClaimFiledV1 => ({
  claimId,
  memberId: 'M-100001',
  vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
  lossDate: '2026-03-14',
  location: { city: 'San Antonio', state: 'TX', postalCode: '78205' },
  needsTow: true,
  needsRental: false,
});

const claimFiled = (subject: string = randomUUID()): EventEnvelope =>
  createEnvelope({
    type: 'ClaimFiled',
    version: 1,
    source: 'claims',
    subject,
    data: filedData(subject),
  });

/** Collects what arrives on `topics` (from the beginning), with headers as strings. */
async function collect(topics: string[]) {
  const got: { topic: string; key: string; value: string; headers: Record<string, string> }[] = [];
  const consumer = kafka.consumer({ groupId: `collector-${randomUUID()}`, ...consumerTimings() });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ topic, message }) => {
      got.push({
        topic,
        key: message.key?.toString() ?? '',
        value: message.value?.toString() ?? '',
        headers: Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        ),
      });
      return Promise.resolve();
    },
  });
  return { got, stop: () => consumer.disconnect() };
}

beforeAll(async () => {
  const url = await resetDatabase('claimguard_it_messaging');
  pool = new pg.Pool({ connectionString: url, max: 5 });
  await pool.query(`
    CREATE TABLE outbox_messages (id uuid PRIMARY KEY, topic text NOT NULL, message_key text NOT NULL,
      event_type text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz);
    CREATE TABLE inbox_messages (consumer text NOT NULL, event_id uuid NOT NULL, event_type text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id));
    CREATE TABLE effects (event_id uuid NOT NULL, note text NOT NULL);`);
  broker = await startMockBroker();
  kafka = createKafka({ clientId: 'messaging-test', brokers: broker.brokers, logger: log });
  claimsKey = await loadOrCreateEventSigningKey(keysDir, 'claims');
  towingKey = await loadOrCreateEventSigningKey(keysDir, 'towing');
});

afterAll(async () => {
  await pool?.end();
  await broker?.stop();
});

describe('transactional outbox', () => {
  it('publishes nothing from a rolled-back transaction and everything from a committed one', async () => {
    const rolledBack = claimFiled();
    await expect(
      transaction(async (tx) => {
        await appendToOutbox(tx, TOPICS.claims, rolledBack);
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    const committed = claimFiled();
    await transaction((tx) => appendToOutbox(tx, TOPICS.claims, committed));

    const producer = kafka.producer();
    await producer.connect();
    const relay = new OutboxRelay({ transaction, producer, logger: log, signer: claimsKey });
    const out = await collect([TOPICS.claims]);
    expect(await relay.publishBatch()).toBeGreaterThanOrEqual(1);
    const arrived = await eventually(() => out.got.find((m) => m.key === committed.subject));
    expect(JSON.parse(arrived.value)).toEqual(committed);
    expect(arrived.headers[EVENT_SIGNATURE_HEADER]).toMatch(/^[\w-]+\.\.[\w-]+$/);
    expect(out.got.some((m) => m.key === rolledBack.subject)).toBe(false);
    const row = await pool.query('SELECT published_at FROM outbox_messages WHERE id = $1', [
      committed.id,
    ]);
    expect(row.rows[0].published_at).not.toBeNull();
    await out.stop();
    await producer.disconnect();
  });

  it('keeps events while the broker is down and publishes them once it is back', async () => {
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    const relay = new OutboxRelay({ transaction, producer, logger: log, signer: claimsKey });
    broker.down();
    const held = claimFiled();
    await transaction((tx) => appendToOutbox(tx, TOPICS.claims, held));
    await expect(relay.publishBatch()).rejects.toThrow();
    const waiting = await pool.query('SELECT published_at FROM outbox_messages WHERE id = $1', [
      held.id,
    ]);
    expect(waiting.rows[0].published_at).toBeNull();
    broker.up();
    await eventually(async () =>
      (await relay.publishBatch().catch(() => 0)) > 0 ? true : undefined,
    );
    const sent = await pool.query('SELECT published_at FROM outbox_messages WHERE id = $1', [
      held.id,
    ]);
    expect(sent.rows[0].published_at).not.toBeNull();
    await producer.disconnect();
  });
});

describe('idempotent consumer', () => {
  const topic = TOPICS.claims;
  let producer: Awaited<ReturnType<typeof connectProducer>>;
  const connectProducer = async () => {
    const p = kafka.producer();
    await p.connect();
    return p;
  };
  /** Sends raw bytes, unsigned (what an attacker or a broken producer can do). */
  const sendRaw = (value: string, key: string = randomUUID()) =>
    producer.send({ topic, messages: [{ key, value }] });
  /** Sends an event as the relay would: signed with `signer` (claims' key by default). */
  const send = async (event: EventEnvelope, signer: EventSigningKey = claimsKey) =>
    producer.send({ topic, messages: [await signedEventMessage(signer, event)] });
  const effects = async (eventId: string) =>
    Number(
      (await pool.query('SELECT count(*) FROM effects WHERE event_id = $1', [eventId])).rows[0]
        .count,
    );

  beforeAll(async () => {
    producer = await connectProducer();
  });
  afterAll(async () => {
    await producer.disconnect();
  });

  async function running(
    handler: (e: EventEnvelope, tx: SqlExecutor, position: LogPosition) => Promise<void>,
    options: { maxAttempts?: number; signaturesEnforced?: boolean } = {},
  ) {
    const consumer = new EventConsumer({
      kafka,
      consumer: `test-${randomUUID()}`,
      topics: [topic],
      handlers: { ClaimFiled: handler },
      transaction,
      logger: log,
      maxBackoffMs: 200,
      signatures: {
        keys: new FileEventKeyResolver(keysDir),
        enforced: () => options.signaturesEnforced ?? true,
      },
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    });
    await consumer.start();
    return consumer;
  }
  const record = (note: string) => async (e: EventEnvelope, tx: SqlExecutor) => {
    await tx.$executeRawUnsafe('INSERT INTO effects (event_id, note) VALUES ($1, $2)', e.id, note);
  };

  it('has one effect for an event delivered twice', async () => {
    const consumer = await running(record('dup'));
    const event = claimFiled();
    try {
      await send(event);
      await send(event);
      await drained(event.subject);
      expect(await effects(event.id)).toBe(1);
      expect(consumer.stats.duplicates).toBeGreaterThanOrEqual(1);
    } finally {
      await consumer.stop();
    }
  });

  it('tells the handler where its event sits in the log (what a rebuilt read model orders by)', async () => {
    const seen = new Map<string, LogPosition>();
    const consumer = await running(async (e, tx, position) => {
      seen.set(e.id, position);
      await record('position')(e, tx);
    });
    // One subject, one message key, one partition: there the offsets follow the producer's order.
    const first = claimFiled();
    const second = claimFiled(first.subject);
    try {
      const [written] = await send(first);
      await send(second);
      await drained(second.subject);
      expect(seen.get(first.id)).toEqual({
        topic,
        partition: written!.partition,
        offset: written!.baseOffset,
      });
      expect(seen.get(second.id)?.partition).toBe(written!.partition);
      expect(BigInt(seen.get(second.id)!.offset)).toBeGreaterThan(BigInt(written!.baseOffset!));
    } finally {
      await consumer.stop();
    }
  });

  it('dead-letters unusable messages with a reason and goes on with the next one', async () => {
    const dlq = await collect([dlqTopic(topic)]);
    const poison = claimFiled();
    const consumer = await running(async (e, tx) => {
      if (e.id === poison.id) throw new PoisonMessageError('data is invalid at poison');
      await record('after-poison')(e, tx);
    });
    const notJson = randomUUID();
    const forged = createEnvelope({
      type: 'ClaimFiled',
      version: 1,
      source: 'towing',
      subject: randomUUID(),
      data: filedData(randomUUID()),
    });
    const badData = createEnvelope({
      type: 'ClaimFiled',
      version: 1,
      source: 'claims',
      subject: randomUUID(),
      data: { ...filedData(randomUUID()), vehicle: { vin: 'nope' } },
    });
    const good = claimFiled();
    await sendRaw('{not json', notJson);
    await send(forged, towingKey);
    await send(badData);
    await send(poison);
    await send(good);

    await eventually(async () => ((await effects(good.id)) === 1 ? true : undefined));
    const keys = [notJson, forged.subject, badData.subject, poison.subject];
    const reasons = await eventually(() => {
      const mine = dlq.got.filter((m) => keys.includes(m.key));
      return mine.length === keys.length
        ? Object.fromEntries(mine.map((m) => [m.key, m.headers['dlq-reason']]))
        : undefined;
    });
    expect(reasons).toEqual({
      [notJson]: 'payload is not JSON',
      [forged.subject]: 'source towing may not emit ClaimFiled',
      [badData.subject]:
        'ClaimFiled v1 data is invalid at vehicle.vin, vehicle.make, vehicle.model, vehicle.year',
      [poison.subject]: 'data is invalid at poison',
    });
    await consumer.stop();
    await dlq.stop();
  });

  it('runs handlers without an inbox (WITHOUT_INBOX): every delivery has its effect, checks stay', async () => {
    const seen: string[] = [];
    const rejected: string[] = [];
    const consumer = new EventConsumer<never>({
      kafka,
      consumer: `test-${randomUUID()}`,
      topics: [topic],
      transaction: WITHOUT_INBOX,
      handlers: {
        ClaimFiled: (e) => {
          seen.push(e.id);
          return Promise.resolve();
        },
      },
      logger: log,
      signatures: { keys: new FileEventKeyResolver(keysDir), enforced: () => true },
      onRejected: ({ eventId }) => rejected.push(eventId ?? ''),
    });
    await consumer.start();
    const event = claimFiled();
    const forged = claimFiled();
    await send(event);
    await send(event);
    await send(forged, towingKey);
    // The topic holds earlier tests' events too (a new group reads from the beginning): only
    // these three are looked at.
    await eventually(() =>
      rejected.includes(forged.id) && seen.filter((id) => id === event.id).length === 2
        ? true
        : undefined,
    );
    expect(seen).not.toContain(forged.id);
    await consumer.stop();
  });

  it('retries a transient failure instead of dead-lettering, with one effect in the end', async () => {
    const dlq = await collect([dlqTopic(topic)]);
    let failures = 0;
    const consumer = await running(async (e, tx) => {
      if (failures < 3) {
        failures += 1;
        throw new Error('database connection lost');
      }
      await record('transient')(e, tx);
    });
    const event = claimFiled();
    await send(event);
    await eventually(async () => ((await effects(event.id)) === 1 ? true : undefined));
    expect(failures).toBe(3);
    await consumer.stop();
    expect(dlq.got.some((m) => m.key === event.subject)).toBe(false);
    await dlq.stop();
  });

  it('dead-letters after maxAttempts when a limit is set', async () => {
    const dlq = await collect([dlqTopic(topic)]);
    const consumer = await running(() => Promise.reject(new Error('always broken')), {
      maxAttempts: 2,
    });
    const event = claimFiled();
    await send(event);
    const dead = await eventually(() => dlq.got.find((m) => m.key === event.subject));
    expect(dead.headers['dlq-reason']).toBe('handler failed 2 times: always broken');
    await consumer.stop();
    await dlq.stop();
  });

  it('refuses unsigned events and events signed with another service key (event-signing on)', async () => {
    const dlq = await collect([dlqTopic(topic)]);
    const consumer = await running(record('signed'));
    const unsigned = claimFiled();
    const wrongKey = claimFiled();
    const tampered = claimFiled();
    const good = claimFiled();
    await sendRaw(JSON.stringify(unsigned), unsigned.subject);
    await send(wrongKey, towingKey);
    const signedOriginal = await signedEventMessage(claimsKey, tampered);
    const changed = { ...tampered, data: { ...filedData(tampered.subject), needsTow: false } };
    await producer.send({
      topic,
      messages: [{ ...signedOriginal, value: Buffer.from(JSON.stringify(changed)) }],
    });
    await send(good);

    await eventually(async () => ((await effects(good.id)) === 1 ? true : undefined));
    const keys = [unsigned.subject, wrongKey.subject, tampered.subject];
    const reasons = await eventually(() => {
      const mine = dlq.got.filter((m) => keys.includes(m.key));
      return mine.length === keys.length
        ? Object.fromEntries(mine.map((m) => [m.key, m.headers['dlq-reason']]))
        : undefined;
    });
    expect(reasons).toEqual({
      [unsigned.subject]: 'event is not signed',
      [wrongKey.subject]: "event is not signed with claims's key",
      [tampered.subject]: "event signature does not verify with claims's key",
    });
    for (const id of [unsigned.id, wrongKey.id, tampered.id]) expect(await effects(id)).toBe(0);
    await consumer.stop();
    await dlq.stop();
  });

  it('processes events not signed by their source while event-signing is off (training), and audits them with the proven signer only', async () => {
    const heard: AuditEvent[] = [];
    const stopListening = onAudit((event) => heard.push(event));
    const consumer = await running(record('unsigned-accepted'), { signaturesEnforced: false });
    const unsigned = claimFiled();
    // A compromised towing signs with its own key an event that claims to come from claims.
    const signedByTowing = claimFiled();
    try {
      await sendRaw(JSON.stringify(unsigned), unsigned.subject);
      await send(signedByTowing, towingKey);
      await eventually(async () => ((await effects(unsigned.id)) === 1 ? true : undefined));
      await eventually(async () => ((await effects(signedByTowing.id)) === 1 ? true : undefined));
      const unsignedLines = heard.filter((e) => e.resource === `event:${unsigned.id}`);
      expect(unsignedLines).toEqual([
        expect.objectContaining({ action: 'defense.off', defense: 'event-signing' }),
      ]);
      // Nobody proved they sent the unsigned one: the source it names is not an actor to credit.
      expect(unsignedLines[0]?.actor).toBeUndefined();
      expect(heard.filter((e) => e.resource === `event:${signedByTowing.id}`)).toEqual([
        expect.objectContaining({
          action: 'defense.off',
          defense: 'event-signing',
          actor: 'workload towing',
        }),
      ]);
    } finally {
      stopListening();
      await consumer.stop();
    }
  });

  /**
   * Waits until `consumer` has handled everything sent on `subject`'s partition so far: a sentinel
   * with the same key is handled after them. (Each test's consumer reads the topic from the
   * beginning, so counters alone cannot say which event they counted.)
   */
  async function drained(subject: string): Promise<void> {
    const sentinel = claimFiled(subject);
    await send(sentinel);
    await eventually(async () => ((await effects(sentinel.id)) >= 1 ? true : undefined));
  }

  it('dedupes when the relay dies after publishing and before marking the rows sent', async () => {
    const consumer = await running(record('relay-crash'));
    const relayProducer = kafka.producer();
    try {
      const event = claimFiled();
      await transaction((tx) => appendToOutbox(tx, TOPICS.claims, event));
      // The mark is lost: the relay's transaction rolls back after Kafka acked the send.
      const dying: TransactionRunner<SqlExecutor> = (fn) =>
        transaction(async (tx) => {
          await fn(tx);
          throw new Error('relay killed before marking sent');
        });
      await relayProducer.connect();
      const relay = (runner: TransactionRunner<SqlExecutor>) =>
        new OutboxRelay({
          transaction: runner,
          producer: relayProducer,
          logger: log,
          signer: claimsKey,
        });
      await expect(relay(dying).publishBatch()).rejects.toThrow('relay killed');
      const restarted = relay(transaction);
      await eventually(async () => ((await restarted.publishBatch()) > 0 ? true : undefined));
      const sent = await pool.query('SELECT published_at FROM outbox_messages WHERE id = $1', [
        event.id,
      ]);
      expect(sent.rows[0].published_at).not.toBeNull();
      // Both copies are on the event's partition before the sentinel: handled, once.
      await drained(event.subject);
      expect(await effects(event.id)).toBe(1);
    } finally {
      await relayProducer.disconnect();
      await consumer.stop();
    }
  });
});
