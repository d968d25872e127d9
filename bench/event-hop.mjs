#!/usr/bin/env node
// Event hop benchmark: how long an event takes from the producer's outbox commit until the
// consumer's read model holds it, through the production path (outbox → relay → signed Kafka
// message → EventConsumer with signature checks and inbox), against a baseline measured in the
// same run: a raw kafkajs produce → consume of the same payload bytes (the transport floor).
//
//   pnpm build && node bench/event-hop.mjs [--events 1000] [--interval-ms 5] [--warmup 50] [--json]
//
// Starts its own mock broker and database (claimguard_bench_hop), only on 127.0.0.1, and stops
// by itself (hard limit 3 minutes). Exits non-zero unless every event was projected exactly once
// and none was dead-lettered. See bench/README.md for how to read the numbers.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { TOPICS } from '../libs/contracts/dist/index.js';
import {
  appendToOutbox,
  consumerTimings,
  createEnvelope,
  createKafka,
  EventConsumer,
  FileEventKeyResolver,
  loadOrCreateEventSigningKey,
  OutboxRelay,
} from '../libs/messaging/dist/index.js';
import { resetDatabase, startMockBroker } from '../libs/testing/dist/index.js';

// The root package has no runtime dependencies (pnpm does not hoist them): take `pg` from the lib
// that already depends on it, so the bench uses the very version the libs are tested with.
const pg = createRequire(new URL('../libs/testing/package.json', import.meta.url))('pg');

const DATABASE = 'claimguard_bench_hop';
const HARD_LIMIT_MS = 180_000;
/** Time allowed for the last events to arrive once sending has stopped. */
const DRAIN_LIMIT_MS = 30_000;
/** Time allowed for the first (priming) event, which waits for the consumer group to form. */
const PRIME_LIMIT_MS = 30_000;
/** The baseline rides another pre-created topic with the same partition count as claims'. */
const BASELINE_TOPIC = TOPICS.rental;

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

// ---------------------------------------------------------------------------------------------
// Command line and output

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        events: { type: 'string', default: '1000' },
        'interval-ms': { type: 'string', default: '5' },
        warmup: { type: 'string', default: '50' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  const events = wholeNumber('--events', values.events, 1);
  const intervalMs = Number(values['interval-ms']);
  if (!(intervalMs > 0)) throw new UsageError('--interval-ms must be a positive number');
  const warmup = wholeNumber('--warmup', values.warmup, 0);
  // Both paths send at the given rate; keep the whole run inside the hard limit.
  const sendingMs = 2 * (events + warmup) * intervalMs;
  if (sendingMs > HARD_LIMIT_MS / 2) {
    throw new UsageError(
      `--events × --interval-ms is too long: sending alone would take ${Math.round(sendingMs / 1000)} s (limit ${HARD_LIMIT_MS / 2000} s)`,
    );
  }
  return { events, intervalMs, warmup, json: values.json };
}

function wholeNumber(name, text, min) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer ≥ ${min}`);
  return n;
}

/** A bad command line: reported with the usage line, without a stack trace. */
class UsageError extends Error {}
const USAGE =
  'usage: node bench/event-hop.mjs [--events 1000] [--interval-ms 5] [--warmup 50] [--json]';

const print = (line = '') => process.stdout.write(`${line}\n`);
const note = (line) => process.stderr.write(`[event-hop] ${line}\n`);

/**
 * The libs log through a pino-shaped logger; pino writes to stdout, which `--json` keeps clean.
 * Warnings and errors go to stderr and are counted (a relay retry shows up in the report).
 */
function stderrLogger() {
  const counts = { warn: 0, error: 0 };
  const say = (level) => (obj, msg) => {
    counts[level] += 1;
    const text = typeof obj === 'string' ? obj : (msg ?? '');
    const err = obj?.err?.message ?? obj?.reason ?? '';
    note(`${level}: ${text}${err ? ` (${err})` : ''}`);
  };
  const logger = {
    level: 'warn',
    counts,
    fatal: say('error'),
    error: say('error'),
    warn: say('warn'),
    info: () => {},
    debug: () => {},
    trace: () => {},
    child: () => logger,
  };
  return logger;
}

// ---------------------------------------------------------------------------------------------
// Statistics

/** Nearest-rank percentile of ascending `sorted`. */
function percentile(sorted, p) {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(hopsMs) {
  const sorted = [...hopsMs].sort((a, b) => a - b);
  const round = (ms) => Math.round(ms * 100) / 100;
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
  };
}

// ---------------------------------------------------------------------------------------------
// Sending at a steady rate

/**
 * Calls `fire(i)` for i = 0..count-1 at `start + i × interval`, without waiting for earlier calls
 * (open loop): a slow event does not hold back the next one, so queueing shows up in the hops
 * instead of being hidden by a slower send rate. Returns the achieved rate.
 */
async function atSteadyRate(count, intervalMs, fire) {
  const pending = [];
  const failures = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = start + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(fire(i).catch((error) => failures.push(error)));
  }
  const sendingMs = performance.now() - start;
  await Promise.all(pending);
  if (failures.length > 0) throw new Error(`${failures.length} sends failed: ${failures[0]}`);
  return count > 1 ? Math.round(((count - 1) / sendingMs) * 1000 * 10) / 10 : 0;
}

/** Resolves once `done()` is true, polling every 20 ms; throws after `limitMs`. */
async function until(done, limitMs, what) {
  const deadline = Date.now() + limitMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

// ---------------------------------------------------------------------------------------------
// The payload: a ClaimFiled v1 event that passes the event catalog

function claimFiled() {
  const claimId = randomUUID();
  return createEnvelope({
    type: 'ClaimFiled',
    version: 1,
    source: 'claims',
    subject: claimId,
    data: {
      claimId,
      memberId: 'M-100001',
      vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
      lossDate: '2026-03-14',
      location: { city: 'San Antonio', state: 'TX', postalCode: '78205' },
      needsTow: true,
      needsRental: false,
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Database: pg behind the messaging lib's SqlExecutor port (as in the messaging int test)

function executor(client) {
  return {
    $queryRawUnsafe: async (sql, ...values) => (await client.query(sql, values)).rows,
    $executeRawUnsafe: async (sql, ...values) => (await client.query(sql, values)).rowCount ?? 0,
  };
}

/** A TransactionRunner on `pool`: one client per transaction. */
function transactions(pool) {
  return async (fn) => {
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
}

async function createSchema(pool) {
  await pool.query(`
    CREATE TABLE outbox_messages (id uuid PRIMARY KEY, topic text NOT NULL, message_key text NOT NULL,
      event_type text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz);
    CREATE TABLE inbox_messages (consumer text NOT NULL, event_id uuid NOT NULL, event_type text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id));
    -- The producer's business table: one row per filed claim, with the event it emitted.
    CREATE TABLE claims (id uuid PRIMARY KEY, member_id text NOT NULL, event_id uuid NOT NULL UNIQUE,
      seq integer NOT NULL, committed_at timestamptz NOT NULL);
    -- The consumer's read model.
    CREATE TABLE read_model (event_id uuid PRIMARY KEY, committed_at timestamptz,
      projected_at timestamptz NOT NULL);`);
}

function assertLoopback(what, hostPort) {
  const host = hostPort.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`${what} is on ${host}; this benchmark runs only on 127.0.0.1`);
  }
}

// ---------------------------------------------------------------------------------------------
// Baseline: raw kafkajs produce → consume, no database, no outbox, no signature, no inbox

async function measureBaseline(broker, logger, run) {
  const kafka = createKafka({ clientId: 'bench-baseline', brokers: broker.brokers, logger });
  const sentAt = new Map();
  const receivedAt = new Map();
  // Same consumer timings and producer settings as the production path, so only the work differs.
  const consumer = kafka.consumer({ groupId: 'bench-baseline', ...consumerTimings() });
  const producer = kafka.producer({ maxInFlightRequests: 1 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [BASELINE_TOPIC], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        receivedAt.set(message.key.toString(), performance.now());
        return Promise.resolve();
      },
    });
    await producer.connect();
    const send = async (seq) => {
      const event = claimFiled();
      const value = Buffer.from(JSON.stringify(event), 'utf8');
      if (seq >= run.warmup) sentAt.set(event.subject, performance.now());
      await producer.send({ topic: BASELINE_TOPIC, messages: [{ key: event.subject, value }] });
    };
    // One event first: it waits for the consumer group to form, which is not part of a hop.
    await send(-1);
    await until(() => receivedAt.size === 1, PRIME_LIMIT_MS, 'the baseline consumer group');
    const total = run.warmup + run.events;
    const rate = await atSteadyRate(total, run.intervalMs, send);
    await until(() => receivedAt.size === 1 + total, DRAIN_LIMIT_MS, 'baseline messages');
    const hops = [...sentAt].map(([key, sent]) => receivedAt.get(key) - sent);
    return { ...summary(hops), rate, received: receivedAt.size - 1, sent: total };
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// The measured path: outbox commit → relay → signed message → EventConsumer → read model

async function measureOutboxHop(broker, url, logger, run) {
  const keysDir = mkdtempSync(join(tmpdir(), 'claimguard-bench-keys-'));
  // A pool per role, as the producing and the consuming service would each have their own.
  const pools = {
    producer: new pg.Pool({ connectionString: url, max: 4 }),
    relay: new pg.Pool({ connectionString: url, max: 2 }),
    consumer: new pg.Pool({ connectionString: url, max: 2 }),
  };
  const claimsKafka = createKafka({ clientId: 'bench-claims', brokers: broker.brokers, logger });
  const towingKafka = createKafka({ clientId: 'bench-towing', brokers: broker.brokers, logger });
  // The production relay producer's settings (libs/service-kit OutboxMessagingModule).
  const relayProducer = claimsKafka.producer({ maxInFlightRequests: 1 });
  const rejections = [];
  let relay;
  let consumer;
  try {
    await createSchema(pools.producer);
    const signer = await loadOrCreateEventSigningKey(keysDir, 'claims');
    await relayProducer.connect();
    relay = new OutboxRelay({
      transaction: transactions(pools.relay),
      producer: relayProducer,
      logger,
      signer,
    });
    consumer = new EventConsumer({
      kafka: towingKafka,
      consumer: 'bench-read-model',
      topics: [TOPICS.claims],
      handlers: {
        // The projection: stamped inside the inbox transaction, just before its COMMIT.
        ClaimFiled: async (envelope, tx) => {
          await tx.$executeRawUnsafe(
            'INSERT INTO read_model (event_id, projected_at) VALUES ($1::uuid, clock_timestamp())',
            envelope.id,
          );
        },
      },
      transaction: transactions(pools.consumer),
      logger,
      signatures: { keys: new FileEventKeyResolver(keysDir), enforced: () => true },
      onRejected: (rejection) => rejections.push(rejection.reason),
    });
    relay.start();
    await consumer.start();

    const fileClaim = (seq) => fileClaimAndEmit(pools.producer, relay, seq);
    const settled = () => consumer.stats.processed + consumer.stats.deadLettered;
    // One event first: it waits for the consumer group to form, which is not part of a hop.
    await fileClaim(-1);
    await until(() => settled() === 1, PRIME_LIMIT_MS, 'the read-model consumer group');
    const total = run.warmup + run.events;
    const rate = await atSteadyRate(total, run.intervalMs, fileClaim);
    await until(() => settled() >= 1 + total, DRAIN_LIMIT_MS, 'the read model');
    // The relay marks a batch published after Kafka acked it, so a consumer can be faster than
    // the mark: stopping waits for the running batch before the outbox is checked.
    await relay.stop();
    // Not in the measured path: copies the producer's stamp next to the consumer's.
    await pools.producer.query(
      `UPDATE read_model r SET committed_at = c.committed_at FROM claims c WHERE c.event_id = r.event_id`,
    );
    const { rows } = await pools.producer.query(
      `SELECT extract(epoch FROM r.projected_at - r.committed_at) * 1000 AS hop_ms
       FROM read_model r JOIN claims c USING (event_id) WHERE c.seq >= $1`,
      [run.warmup],
    );
    const hops = rows.map((r) => Number(r.hop_ms));
    const checks = await correctness(pools.producer, consumer.stats, 1 + total, rejections);
    return { ...summary(hops), rate, checks };
  } finally {
    await relay?.stop();
    await consumer?.stop();
    await relayProducer.disconnect();
    await Promise.all(Object.values(pools).map((pool) => pool.end()));
    rmSync(keysDir, { recursive: true, force: true });
  }
}

/**
 * The producer's transaction: the business row and the outbox row commit together. The business
 * row goes last, so its `clock_timestamp()` is read right before COMMIT (see bench/README.md for
 * why the database clock and not the JS clock after the commit).
 */
async function fileClaimAndEmit(pool, relay, seq) {
  const event = claimFiled();
  await transactions(pool)(async (tx) => {
    await appendToOutbox(tx, TOPICS.claims, event);
    await tx.$executeRawUnsafe(
      `INSERT INTO claims (id, member_id, event_id, seq, committed_at)
       VALUES ($1::uuid, $2, $3::uuid, $4, clock_timestamp())`,
      event.data.claimId,
      event.data.memberId,
      event.id,
      seq,
    );
  });
  relay.nudge();
}

/** Every filed claim projected exactly once, nothing dead-lettered, nothing left in the outbox. */
async function correctness(pool, stats, expected, rejections) {
  const count = async (sql) => Number((await pool.query(sql)).rows[0].n);
  const checks = {
    expected,
    claims: await count('SELECT count(*) AS n FROM claims'),
    projected: await count('SELECT count(*) AS n FROM claims c JOIN read_model r USING (event_id)'),
    readModelRows: await count('SELECT count(*) AS n FROM read_model'),
    inboxRows: await count('SELECT count(*) AS n FROM inbox_messages'),
    unpublished: await count(
      'SELECT count(*) AS n FROM outbox_messages WHERE published_at IS NULL',
    ),
    deadLettered: stats.deadLettered,
    duplicatesSkipped: stats.duplicates,
    rejections: [...new Set(rejections)],
  };
  const problems = [];
  if (checks.claims !== expected) problems.push(`${checks.claims} claims, expected ${expected}`);
  if (checks.projected !== expected || checks.readModelRows !== expected)
    problems.push(`${checks.projected} of ${expected} claims projected`);
  if (checks.inboxRows !== expected) problems.push(`${checks.inboxRows} inbox rows`);
  if (checks.unpublished !== 0) problems.push(`${checks.unpublished} outbox rows unpublished`);
  if (checks.deadLettered !== 0)
    problems.push(`${checks.deadLettered} dead-lettered: ${checks.rejections.join('; ')}`);
  return { ...checks, ok: problems.length === 0, problems };
}

// ---------------------------------------------------------------------------------------------
// Report

function report(result, json) {
  if (json) {
    print(JSON.stringify(result, null, 2));
    return;
  }
  const { run, machine, baseline, outbox, ratio } = result;
  print(`command: ${result.command}`);
  print(
    `event hop: outbox commit → read model updated (ClaimFiled v1, ${run.events} events, one every ${run.intervalMs} ms, ${run.warmup} warm-up)`,
  );
  print(
    `machine: ${machine.cores} cores (${machine.cpu}), node ${machine.node}, load average ${machine.loadAverage.join(' ')}`,
  );
  print();
  const row = (name, s) =>
    `${name.padEnd(34)}${[s.count, s.p50, s.p90, s.p99, s.max].map((v) => String(v).padStart(9)).join('')}`;
  print(
    `${'hop (ms)'.padEnd(34)}${['count', 'p50', 'p90', 'p99', 'max'].map((h) => h.padStart(9)).join('')}`,
  );
  print(row('baseline: raw kafkajs', baseline));
  print(row('measured: outbox → read model', outbox));
  print(
    `${'ratio measured / baseline'.padEnd(43)}${`${ratio.p50}×`.padStart(9)}${''.padStart(9)}${`${ratio.p99}×`.padStart(9)}`,
  );
  print();
  print(`achieved send rate: baseline ${baseline.rate}/s, measured ${outbox.rate}/s`);
  const c = outbox.checks;
  print(
    `checks: ${c.claims} claims, ${c.projected} projected once, ${c.deadLettered} dead-lettered, ${c.duplicatesSkipped} duplicates skipped, ${c.unpublished} unpublished: ${c.ok ? 'OK' : `FAILED (${c.problems.join('; ')})`}`,
  );
  if (result.logWarnings > 0) print(`warnings logged (see stderr): ${result.logWarnings}`);
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const run = options();
  const logger = stderrLogger();
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  const url = await resetDatabase(DATABASE);
  assertLoopback('the database', new URL(url).host);
  const broker = await startMockBroker();
  const stopBroker = () => broker.stop();
  process.once('SIGINT', () => void stopBroker().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void stopBroker().finally(() => process.exit(143)));
  // The hard limit: whatever hangs, the broker is stopped and the run fails.
  const watchdog = setTimeout(() => {
    note(`no result after ${HARD_LIMIT_MS / 1000} s; giving up`);
    void stopBroker().finally(() => process.exit(2));
  }, HARD_LIMIT_MS);
  try {
    broker.brokers.forEach((address) => assertLoopback('the broker', address));
    note('baseline: raw kafkajs produce → consume');
    const baseline = await measureBaseline(broker, logger, run);
    note('measured: outbox → relay → EventConsumer → read model');
    const outbox = await measureOutboxHop(broker, url, logger, run);
    const ratio = {
      p50: Math.round((outbox.p50 / baseline.p50) * 100) / 100,
      p99: Math.round((outbox.p99 / baseline.p99) * 100) / 100,
    };
    const logWarnings = logger.counts.warn + logger.counts.error;
    report(
      {
        command: ['node bench/event-hop.mjs', ...process.argv.slice(2)].join(' '),
        date: new Date().toISOString(),
        run,
        machine,
        baseline,
        outbox,
        ratio,
        logWarnings,
      },
      run.json,
    );
    return outbox.checks.ok && baseline.received === baseline.sent ? 0 : 1;
  } finally {
    clearTimeout(watchdog);
    await stopBroker();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) {
      note(`${error.message}\n${USAGE}`);
      process.exit(64);
    }
    note(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
