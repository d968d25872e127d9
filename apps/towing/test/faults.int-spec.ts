import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '@claimguard/contracts';
import { consumerTimings, createKafka } from '@claimguard/messaging';
import { createLogger } from '@claimguard/observability';
import {
  appDir,
  createTokenIssuer,
  eventually,
  migrateDatabase,
  resetDatabase,
  startMockBroker,
  startPrivatePostgres,
  type PrivatePostgres,
  type RunningBroker,
  type TokenIssuer,
} from '@claimguard/testing';
import { namedConnection, processKit, query } from './real-processes.js';

/**
 * Faults other than crashes, with real processes (the built claims and towing apps): the consumer
 * group rebalancing while a batch is in flight, and the database going away during a request and
 * during a consume. Every event must have exactly one effect, none lost.
 *
 * The databases live in a PostgreSQL cluster of this spec's own (`startPrivatePostgres`), because
 * the test stops it under the services; the shared server is never touched. Handlers are held
 * "in the middle" deterministically by a table lock the test takes (`LOCK TABLE … IN SHARE MODE`
 * blocks their INSERT), and the test waits for the held session in `pg_stat_activity` — no sleeps.
 */

const log = createLogger('faults-it', 'silent');
const PARTITIONS = 3;

let cluster: PrivatePostgres;
let broker: RunningBroker;
let issuer: TokenIssuer;
let claimsDb: string;
let towingDb: string;
const keysDir = mkdtempSync(join(tmpdir(), 'claimguard-faults-keys-'));
/** Every `ClaimFiled` on the claims topic, with the partition it landed on. */
const published: { key: string; partition: number }[] = [];
let collector: ReturnType<ReturnType<typeof createKafka>['consumer']>;
const { start, jobsFor, postClaim, fileClaim, stopAll } = processKit({
  get broker() {
    return broker;
  },
  get issuer() {
    return issuer;
  },
  keysDir,
  databases: () => ({ claims: claimsDb, towing: towingDb }),
});

/** Sessions of `applicationName` waiting on a lock (a handler or request held by the test). */
async function heldSessions(url: string, applicationName: string): Promise<number> {
  const [row] = await query<{ n: string }>(
    url,
    `SELECT count(*) AS n FROM pg_stat_activity
      WHERE application_name = $1 AND wait_event_type = 'Lock'`,
    [applicationName],
  );
  return Number(row?.n ?? 0);
}

/** Takes `LOCK TABLE <table> IN SHARE MODE` in an open transaction: inserts wait until release. */
async function holdInserts(url: string, table: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  // The latch's own connection breaks when the test stops the cluster: that is expected.
  client.on('error', () => undefined);
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${table} IN SHARE MODE`);
  return {
    release: async () => {
      await client.query('COMMIT').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

const inboxRows = async (eventType: string): Promise<{ event_id: string; n: string }[]> =>
  query(
    towingDb,
    `SELECT event_id, count(*) AS n FROM inbox_messages
      WHERE consumer = 'towing' AND event_type = $1 GROUP BY event_id`,
    [eventType],
  );

beforeAll(async () => {
  [cluster, broker, issuer] = await Promise.all([
    startPrivatePostgres(),
    startMockBroker({ partitions: PARTITIONS }),
    createTokenIssuer(),
  ]);
  [claimsDb, towingDb] = await Promise.all([
    resetDatabase('claimguard_it_faults_claims', cluster.adminUrl),
    resetDatabase('claimguard_it_faults_towing', cluster.adminUrl),
  ]);
  await Promise.all([
    migrateDatabase(appDir('claims'), claimsDb),
    migrateDatabase(appDir('towing'), towingDb),
  ]);
  collector = createKafka({ clientId: 'faults-it', brokers: broker.brokers, logger: log }).consumer(
    {
      groupId: `faults-it-${randomUUID()}`,
      ...consumerTimings(),
    },
  );
  await collector.connect();
  await collector.subscribe({ topics: [TOPICS.claims], fromBeginning: true });
  await collector.run({
    eachMessage: ({ message, partition }) => {
      published.push({ key: message.key?.toString() ?? '', partition });
      return Promise.resolve();
    },
  });
}, 120_000);

afterAll(async () => {
  await stopAll();
  await collector?.disconnect();
  await issuer?.close();
  await broker?.stop();
  await cluster?.destroy();
});

describe('faults with real processes', () => {
  it('has one tow job per claim when a second towing joins the group in the middle of a batch', async () => {
    const first = await start('towing', undefined, {
      DATABASE_URL: namedConnection(towingDb, 'towing-a'),
    });
    const claims = await start('claims');
    // The first towing owns every partition and acts.
    const warmUp = await fileClaim(claims);
    await eventually(
      async () => ((await jobsFor(warmUp)) === '1' ? true : undefined),
      60_000,
      'the first towing to open the warm-up job',
    );

    const latch = await holdInserts(towingDb, 'tow_jobs');
    const held: string[] = [];
    try {
      // Claims until every partition holds events the first towing has read and cannot finish.
      await eventually(
        async () => {
          held.push(await fileClaim(claims));
          const parts = new Set(
            published.filter((p) => held.includes(p.key)).map((p) => p.partition),
          );
          return parts.size === PARTITIONS ? true : undefined;
        },
        120_000,
        'held-back claims on every partition',
      );
      await eventually(
        async () => ((await heldSessions(towingDb, 'towing-a')) > 0 ? true : undefined),
        60_000,
        'the first towing to be in the middle of its batch',
      );

      // A second towing process joins the group: the group rebalances while the batch is held,
      // and the newcomer gets partitions whose events were read but never committed.
      const second = await start('towing', undefined, {
        DATABASE_URL: namedConnection(towingDb, 'towing-b'),
      });
      await eventually(
        async () => ((await heldSessions(towingDb, 'towing-b')) > 0 ? true : undefined),
        90_000,
        'the second towing to take over events of the interrupted batch',
      );
      // The newcomer holds events the first towing had read and not committed: the group rebalanced
      // with the batch in flight.
      await latch.release();

      // None lost: every claim has its job. None doubled: one job and one inbox row each.
      const all = [warmUp, ...held];
      await eventually(
        async () => {
          const counts = await Promise.all(all.map((id) => jobsFor(id)));
          return counts.every((n) => n === '1') ? true : undefined;
        },
        90_000,
        'a tow job for every claim',
      );
      const [total] = await query<{ n: string }>(towingDb, 'SELECT count(*) AS n FROM tow_jobs');
      expect(total?.n).toBe(String(all.length));
      const inbox = await inboxRows('ClaimFiled');
      expect(inbox).toHaveLength(all.length);
      expect(inbox.every((row) => row.n === '1')).toBe(true);
      for (const app of [first, second]) expect(app.output()).not.toContain('dead-lettered');
      // The first towing had to rejoin (kicked out while held, or told of the rebalance).
      await eventually(
        () => (/re-joining/.test(first.output()) ? true : undefined),
        60_000,
        'the first towing to rejoin the rebalanced group',
      );
      await second.stop();
    } finally {
      await latch.release();
    }
    await first.stop();
    await claims.stop();
  }, 300_000);

  it('answers 503 SERVICE.UNAVAILABLE when the database goes away during a request, keeps nothing half-written, and serves again once it is back', async () => {
    const claims = await start('claims', undefined, {
      DATABASE_URL: namedConnection(claimsDb, 'claims-request'),
    });
    const countRows = async () =>
      (
        await query<{ claims: string; outbox: string }>(
          claimsDb,
          `SELECT (SELECT count(*) FROM claims) AS claims,
                  (SELECT count(*) FROM outbox_messages) AS outbox`,
        )
      )[0];
    const before = await countRows();

    const latch = await holdInserts(claimsDb, 'claims');
    const answer = postClaim(claims);
    try {
      await eventually(
        async () => ((await heldSessions(claimsDb, 'claims-request')) > 0 ? true : undefined),
        60_000,
        'the filing to be in the middle of its transaction',
      );
      await cluster.kill();
    } finally {
      await latch.release();
    }

    const refused = await answer;
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({
      code: 'SERVICE.UNAVAILABLE',
      message: 'Service temporarily unavailable',
      correlationId: expect.any(String),
    });

    await cluster.start();
    // Nothing half-written: neither the claim nor its outbox row.
    expect(await countRows()).toEqual(before);
    // The same process serves again, without a restart.
    const again = await eventually(
      async () => {
        const next = await postClaim(claims);
        return next.status === 201 ? next : undefined;
      },
      60_000,
      'claims to file again once the database is back',
    );
    expect(again.body.id).toEqual(expect.any(String));
    expect(await countRows()).toEqual({
      claims: String(Number(before?.claims) + 1),
      outbox: String(Number(before?.outbox) + 1),
    });
    await claims.stop();
  }, 180_000);

  it('retries the event being handled when the database goes away during a consume: one tow job, nothing dead-lettered', async () => {
    const towing = await start('towing', undefined, {
      DATABASE_URL: namedConnection(towingDb, 'towing-consume'),
    });
    const claims = await start('claims');
    const latch = await holdInserts(towingDb, 'tow_jobs');
    let claimId: string;
    try {
      claimId = await fileClaim(claims);
      await eventually(
        async () => ((await heldSessions(towingDb, 'towing-consume')) > 0 ? true : undefined),
        60_000,
        'towing to be in the middle of handling the ClaimFiled',
      );
      await cluster.kill();
    } finally {
      await latch.release();
    }
    // Towing notices (its readiness check fails) while the event is still unhandled.
    await eventually(
      async () => ((await fetch(`${towing.url}/healthz`)).status === 503 ? true : undefined),
      60_000,
      'towing to report the database gone',
    );
    await cluster.start();

    await eventually(
      async () => ((await jobsFor(claimId)) === '1' ? true : undefined),
      90_000,
      'towing to open the job once the database is back',
    );
    // One inbox row for the event: handled once, after the retries.
    const [event] = await query<{ id: string }>(
      claimsDb,
      'SELECT id FROM outbox_messages WHERE message_key = $1',
      [claimId],
    );
    const inbox = await query<{ n: string }>(
      towingDb,
      `SELECT count(*) AS n FROM inbox_messages WHERE consumer = 'towing' AND event_id = $1`,
      [event?.id],
    );
    expect(inbox[0]?.n).toBe('1');
    expect(towing.output()).toContain('event handler failed; retrying');
    expect(towing.output()).not.toContain('dead-lettered');
    // The same process, never restarted.
    expect(await Promise.race([towing.exited, Promise.resolve('running')])).toBe('running');
    await towing.stop();
    await claims.stop();
  }, 180_000);
});
