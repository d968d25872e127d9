import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS, type Party } from '@claimguard/contracts';
import { consumerTimings, createKafka } from '@claimguard/messaging';
import { createLogger } from '@claimguard/observability';
import { CRASH_EXIT_CODE } from '@claimguard/service-kit';
import {
  appDir,
  createTokenIssuer,
  eventually,
  freePort,
  httpCall,
  migrateDatabase,
  resetDatabase,
  startApp,
  randomVin,
  startMockBroker,
  type RunningApp,
  type RunningBroker,
  type TokenIssuer,
} from '@claimguard/testing';

/**
 * Crashes at the worst moments, with real processes (the built claims and towing apps) killed by
 * their own fault injection (`FAULT_INJECTION`, test-only): nothing may be lost or doubled.
 * - towing dies after committing a tow job and its inbox row, before Kafka learns the offset: the
 *   restarted consumer gets the event again and the inbox makes it a no-op;
 * - claims' relay dies after Kafka acknowledged a `ClaimFiled`, before marking it sent: the
 *   restarted relay sends it again and towing's inbox makes it a no-op.
 */

const ALICE: Party = { kind: 'member', id: 'M-100001' };
const log = createLogger('crash-it', 'silent');

let broker: RunningBroker;
let issuer: TokenIssuer;
let claimsDb: string;
let towingDb: string;
const keysDir = mkdtempSync(join(tmpdir(), 'claimguard-crash-keys-'));
const running = new Set<RunningApp>();
const published: { key: string; eventId: string }[] = [];
let collector: ReturnType<ReturnType<typeof createKafka>['consumer']>;

async function start(app: 'claims' | 'towing', fault?: string): Promise<RunningApp> {
  const started = await startApp(app, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    DATABASE_URL: app === 'claims' ? claimsDb : towingDb,
    KAFKA_BROKERS: broker.brokers.join(','),
    PARTY_TOKEN_ISSUER: issuer.issuer,
    PARTY_TOKEN_JWKS_URL: issuer.jwksUrl,
    EVENT_KEYS_DIR: keysDir,
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ...(fault ? { FAULT_INJECTION: fault } : {}),
  });
  running.add(started);
  void started.exited.then(() => running.delete(started));
  return started;
}

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

const jobsFor = async (claimId: string) =>
  (
    await query<{ n: string }>(towingDb, 'SELECT count(*) AS n FROM tow_jobs WHERE claim_id = $1', [
      claimId,
    ])
  )[0]?.n;

/** Files a claim for alice (Texas, tow needed) at a running claims app; returns its id. */
async function fileClaim(claims: RunningApp): Promise<string> {
  const token = await issuer.mint({
    aud: 'claims',
    party: ALICE,
    scope: 'claims:write',
    sub: 'sub-alice',
  });
  const answer = await httpCall(claims.url, 'POST', '/claims', {
    token,
    body: {
      // A car of its own per filing: claims refuses a second claim for one loss (business-flow).
      vehicle: { vin: randomVin(), make: 'Honda', model: 'Accord', year: 2021 },
      lossDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      location: { city: 'Austin', state: 'TX', postalCode: '78701' },
      description: 'Rear-ended at a light.',
      needsTow: true,
      needsRental: false,
    },
  });
  expect(answer.status).toBe(201);
  return answer.body.id as string;
}

beforeAll(async () => {
  broker = await startMockBroker();
  issuer = await createTokenIssuer();
  [claimsDb, towingDb] = await Promise.all([
    resetDatabase('claimguard_it_crash_claims'),
    resetDatabase('claimguard_it_crash_towing'),
  ]);
  await Promise.all([
    migrateDatabase(appDir('claims'), claimsDb),
    migrateDatabase(appDir('towing'), towingDb),
  ]);
  collector = createKafka({ clientId: 'crash-it', brokers: broker.brokers, logger: log }).consumer({
    groupId: `crash-it-${randomUUID()}`,
    ...consumerTimings(),
  });
  await collector.connect();
  await collector.subscribe({ topics: [TOPICS.claims], fromBeginning: true });
  await collector.run({
    eachMessage: ({ message }) => {
      published.push({
        key: message.key?.toString() ?? '',
        eventId: message.headers?.['event-id']?.toString() ?? '',
      });
      return Promise.resolve();
    },
  });
}, 120_000);

afterAll(async () => {
  for (const app of [...running]) await app.stop();
  await collector?.disconnect();
  await issuer?.close();
  await broker?.stop();
});

describe('crash recovery with real processes', () => {
  it('has one tow job when towing dies after its database commit and before its offset commit', async () => {
    const towing = await start('towing', 'exit-after-consume-commit');
    const claims = await start('claims');
    const claimId = await fileClaim(claims);

    expect(await towing.exited).toBe(CRASH_EXIT_CODE);
    // The effect and the inbox row committed before the crash…
    expect(await jobsFor(claimId)).toBe('1');

    // …so the event that comes again after the restart changes nothing.
    const restarted = await start('towing');
    await eventually(
      () => (restarted.output().includes('duplicate event skipped') ? true : undefined),
      60_000,
      'the redelivered ClaimFiled to be recognised as a duplicate',
    );
    expect(await jobsFor(claimId)).toBe('1');
    await restarted.stop();
    await claims.stop();
  }, 120_000);

  it('has one tow job when the relay dies after publishing and before marking the event sent', async () => {
    const towing = await start('towing');
    const dying = await start('claims', 'exit-after-publish');
    const filing = fileClaim(dying).catch(() => undefined);
    expect(await dying.exited).toBe(CRASH_EXIT_CODE);
    await filing;
    const [row] = await query<{ id: string; message_key: string }>(
      claimsDb,
      'SELECT id, message_key FROM outbox_messages WHERE published_at IS NULL',
      [],
    );
    expect(row).toBeDefined();
    const claimId = row?.message_key ?? '';
    await eventually(() => (published.some((m) => m.key === claimId) ? true : undefined));

    const restarted = await start('claims');
    // Sent again under the same event id: at least once, never lost…
    await eventually(() =>
      published.filter((m) => m.key === claimId && m.eventId === row?.id).length >= 2
        ? true
        : undefined,
    );
    await eventually(async () =>
      (await query(claimsDb, 'SELECT 1 FROM outbox_messages WHERE published_at IS NULL', []))
        .length === 0
        ? true
        : undefined,
    );
    // …and never doubled: towing's inbox drops the second copy.
    await eventually(
      () => (towing.output().includes('duplicate event skipped') ? true : undefined),
      60_000,
      'the second copy to be recognised as a duplicate',
    );
    expect(await jobsFor(claimId)).toBe('1');
    await restarted.stop();
    await towing.stop();
  }, 120_000);

  it('has one tow job when claims dies after committing the claim and before publishing it', async () => {
    const towing = await start('towing');
    const dying = await start('claims', 'exit-before-publish');
    // The claim and its outbox row commit together; the relay then dies before sending the batch
    // (the caller may or may not have read its 201 by then).
    const filing = fileClaim(dying).catch(() => undefined);
    expect(await dying.exited).toBe(CRASH_EXIT_CODE);
    await filing;
    const [row] = await query<{ id: string; message_key: string }>(
      claimsDb,
      'SELECT id, message_key FROM outbox_messages WHERE published_at IS NULL',
      [],
    );
    expect(row).toBeDefined();
    const claimId = row?.message_key ?? '';
    expect(await query(claimsDb, 'SELECT 1 FROM claims WHERE id = $1', [claimId])).toHaveLength(1);
    expect(published.some((m) => m.key === claimId)).toBe(false);

    const restarted = await start('claims');
    // Nothing lost: the restarted relay sends the committed event, and towing acts on it once.
    await eventually(
      async () => ((await jobsFor(claimId)) === '1' ? true : undefined),
      60_000,
      'towing to open the job from the event sent after the restart',
    );
    await eventually(async () =>
      (await query(claimsDb, 'SELECT 1 FROM outbox_messages WHERE published_at IS NULL', []))
        .length === 0
        ? true
        : undefined,
    );
    await eventually(() =>
      published.some((m) => m.key === claimId && m.eventId === row?.id) ? true : undefined,
    );
    // Nothing doubled: sent once, one job.
    expect(published.filter((m) => m.key === claimId)).toHaveLength(1);
    expect(await jobsFor(claimId)).toBe('1');
    await restarted.stop();
    await towing.stop();
  }, 120_000);
});
