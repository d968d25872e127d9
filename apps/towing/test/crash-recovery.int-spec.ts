import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '@claimguard/contracts';
import { consumerTimings, createKafka } from '@claimguard/messaging';
import { createLogger } from '@claimguard/observability';
import { CRASH_EXIT_CODE } from '@claimguard/service-kit';
import {
  appDir,
  createTokenIssuer,
  eventually,
  migrateDatabase,
  resetDatabase,
  startMockBroker,
  type RunningBroker,
  type TokenIssuer,
} from '@claimguard/testing';
import { processKit, query } from './real-processes.js';

/**
 * Crashes at the worst moments, with real processes (the built claims and towing apps) killed by
 * their own fault injection (`FAULT_INJECTION`, test-only): nothing may be lost or doubled.
 * - towing dies after committing a tow job and its inbox row, before Kafka learns the offset: the
 *   restarted consumer gets the event again and the inbox makes it a no-op;
 * - claims' relay dies after Kafka acknowledged a `ClaimFiled`, before marking it sent: the
 *   restarted relay sends it again and towing's inbox makes it a no-op.
 */

const log = createLogger('crash-it', 'silent');

let broker: RunningBroker;
let issuer: TokenIssuer;
let claimsDb: string;
let towingDb: string;
const keysDir = mkdtempSync(join(tmpdir(), 'claimguard-crash-keys-'));
const published: { key: string; eventId: string }[] = [];
let collector: ReturnType<ReturnType<typeof createKafka>['consumer']>;
const { start, jobsFor, fileClaim, stopAll } = processKit({
  get broker() {
    return broker;
  },
  get issuer() {
    return issuer;
  },
  keysDir,
  databases: () => ({ claims: claimsDb, towing: towingDb }),
});

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
  await stopAll();
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
