import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ClaimFiledV1Schema,
  dlqTopic,
  ErrorBodySchema,
  EventEnvelopeSchema,
  TOPICS,
  TowJobCreatedV1Schema,
  type ClaimFiledV1,
  type EventEnvelope,
  type Party,
} from '@claimguard/contracts';
import { consumerTimings, createEnvelope, createKafka } from '@claimguard/messaging';
import { createLogger, type Logger } from '@claimguard/observability';
import {
  errorBodyIssues,
  httpCall,
  type HttpAnswer,
  type HttpCallOptions,
  eventually,
  appDir,
  createTokenIssuer,
  migrateDatabase,
  resetDatabase,
  type TokenIssuer,
} from '@claimguard/testing';
import { createTowingApp } from '../src/app.js';
import { loadTowingConfig } from '../src/config.js';
import { ClaimEventsConsumer } from '../src/towing/interface/claim-events.consumer.js';
import { TOWING_ROUTE_MANIFEST } from '../src/route-manifest.js';

const DB = 'claimguard_it_towing';
/**
 * The broker is shared by every integration file of a run (and keeps what earlier files
 * produced); a consumer group of our own makes this file read `claims.events.v1` from the start
 * without inheriting anybody's offsets. Other files' claims may therefore open jobs here too, so
 * assertions look at this file's claims, never at totals.
 */
const GROUP = `towing-it-${randomUUID()}`;
const DAVE: Party = { kind: 'tow_operator', id: 'T-01' };
const ERIN: Party = { kind: 'tow_operator', id: 'T-02' };
const ALICE: Party = { kind: 'member', id: 'M-100001' };

type Kafka = ReturnType<typeof createKafka>;
type Producer = ReturnType<Kafka['producer']>;
type Consumer = ReturnType<Kafka['consumer']>;

interface Received {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

type Answer = HttpAnswer;

/** A running towing app with the logger it audits to (spied, so tests can read audit lines). */
interface Running {
  app: NestFastifyApplication;
  url: string;
  audits(): Record<string, unknown>[];
  close(): Promise<void>;
}

interface JobRow {
  id: string;
  claim_id: string;
  company_id: string | null;
  status: string;
}

let databaseUrl: string;
let issuer: TokenIssuer;
let db: pg.Pool;
let kafka: Kafka;
let producer: Producer;
let watcher: Consumer | undefined;
const apps = new Set<Running>();
const received: Received[] = [];

/** Calls the app under test (see libs/testing httpCall). */
const call = (target: Running, path: string, options?: HttpCallOptions) =>
  httpCall(target.url, 'GET', path, options);

/** Asserts the platform error contract and code; returns the body. */
function expectError(answer: Answer, status: number, code: string): Answer['body'] {
  expect(errorBodyIssues(answer, status, code)).toEqual([]);
  return answer.body;
}

async function boot(defensesOff = ''): Promise<Running> {
  const log: Logger = createLogger('towing', 'silent');
  const warn = vi.spyOn(log, 'warn');
  const config = loadTowingConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    KAFKA_CONSUMER_GROUP: GROUP,
    PARTY_TOKEN_ISSUER: issuer.issuer,
    PARTY_TOKEN_JWKS_URL: issuer.jwksUrl,
    CLAIMGUARD_DEFENSES_OFF: defensesOff,
  });
  const app = await createTowingApp(config, log);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const running: Running = {
    app,
    url: await app.getUrl(),
    audits: () =>
      warn.mock.calls
        .map(([fields]) => fields as Record<string, unknown>)
        .filter((fields) => fields.audit === true),
    close: async () => {
      apps.delete(running);
      await app.close();
    },
  };
  apps.add(running);
  return running;
}

function token(party: Party, scope = 'towing:read'): Promise<string> {
  return issuer.mint({ aud: 'towing', party, scope, sub: `sub-${party.id}` });
}

/** `ClaimFiled` v1 data as claims publishes it (parsed with the public schema). */
function claimData(overrides: Partial<ClaimFiledV1> = {}): ClaimFiledV1 {
  return ClaimFiledV1Schema.parse({
    claimId: randomUUID(),
    memberId: ALICE.id,
    vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
    lossDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    location: { street: '100 Main St', city: 'San Antonio', state: 'TX', postalCode: '78205' },
    needsTow: true,
    needsRental: false,
    ...overrides,
  });
}

/** A `ClaimFiled` envelope exactly as the claims service's outbox relay would publish it. */
function claimFiled(
  overrides: Partial<ClaimFiledV1> = {},
  envelope: { source?: string } = {},
): EventEnvelope<ClaimFiledV1> {
  const data = claimData(overrides);
  return createEnvelope({
    type: 'ClaimFiled',
    version: 1,
    source: envelope.source ?? 'claims',
    subject: data.claimId,
    data,
    actor: { sub: `sub-${ALICE.id}`, party: ALICE },
    correlationId: randomUUID(),
  });
}

/**
 * Produces to `claims.events.v1`. The key defaults to the claim id (as claims keys it); tests that
 * need "the next message" pass one key for several messages, which puts them on one partition, in
 * order.
 */
async function publish(value: string | EventEnvelope, key?: string): Promise<void> {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const messageKey = key ?? (typeof value === 'string' ? randomUUID() : value.subject);
  await producer.send({ topic: TOPICS.claims, messages: [{ key: messageKey, value: text }] });
}

async function jobFor(claimId: string): Promise<JobRow | undefined> {
  const result = await db.query<JobRow>(
    'SELECT id, claim_id, company_id, status FROM tow_jobs WHERE claim_id = $1',
    [claimId],
  );
  return result.rows[0];
}

async function jobCount(claimId: string): Promise<number> {
  const result = await db.query<{ n: string }>(
    'SELECT count(*) AS n FROM tow_jobs WHERE claim_id = $1',
    [claimId],
  );
  return Number(result.rows[0]?.n);
}

async function inboxHas(eventId: string): Promise<boolean> {
  const result = await db.query(
    'SELECT 1 FROM inbox_messages WHERE consumer = $1 AND event_id = $2',
    [GROUP, eventId],
  );
  return result.rowCount === 1;
}

function dlqMessage(key: string): Received | undefined {
  return received.find((m) => m.topic === dlqTopic(TOPICS.claims) && m.key === key);
}

let svc: Running;

beforeAll(async () => {
  databaseUrl = await resetDatabase(DB);
  await migrateDatabase(appDir('towing'), databaseUrl);
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  issuer = await createTokenIssuer();
  kafka = createKafka({
    clientId: 'towing-it',
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    logger: createLogger('towing-it', 'silent'),
  });
  producer = kafka.producer();
  await producer.connect();

  watcher = kafka.consumer({ groupId: `towing-it-watch-${randomUUID()}`, ...consumerTimings() });
  await watcher.connect();
  await watcher.subscribe({
    topics: [TOPICS.towing, dlqTopic(TOPICS.claims)],
    fromBeginning: true,
  });
  await watcher.run({
    eachMessage: ({ topic, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) {
        headers[name] = Array.isArray(value) ? String(value[0]) : String(value);
      }
      received.push({
        topic,
        key: message.key?.toString('utf8') ?? '',
        value: message.value?.toString('utf8') ?? '',
        headers,
      });
      return Promise.resolve();
    },
  });

  svc = await boot();
});

afterAll(async () => {
  await watcher?.disconnect();
  await producer?.disconnect();
  for (const running of [...apps]) await running.close();
  await db?.end();
  await issuer?.close();
});

describe('towing service: a tow job from ClaimFiled', () => {
  const txClaim = claimFiled();
  let davesJob: JobRow;

  beforeAll(async () => {
    await publish(txClaim);
    davesJob = await eventually(() => jobFor(txClaim.data.claimId));
  });

  it('opens an ASSIGNED job for Lone Star Towing (T-01) from a TX claim', () => {
    expect(davesJob).toMatchObject({
      claim_id: txClaim.data.claimId,
      company_id: 'T-01',
      status: 'ASSIGNED',
    });
  });

  it("lets dave read his company's job as the tow job DTO (no VIN, no member id)", async () => {
    const read = await call(svc, `/towing/jobs/${davesJob.id}`, { token: await token(DAVE) });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      id: davesJob.id,
      claimId: txClaim.data.claimId,
      companyId: 'T-01',
      status: 'ASSIGNED',
      pickup: { street: '100 Main St', city: 'San Antonio', state: 'TX', postalCode: '78205' },
      vehicle: { make: 'Honda', model: 'Accord', year: 2019 },
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
  });

  it("lists the job for dave, and only his company's jobs", async () => {
    const list = await call(svc, '/towing/jobs', { token: await token(DAVE) });
    expect(list.status).toBe(200);
    const items = list.body.items as { id: string; companyId: string }[];
    expect(items.map((j) => j.id)).toContain(davesJob.id);
    expect(new Set(items.map((j) => j.companyId))).toEqual(new Set(['T-01']));
  });

  it("answers erin 404 TOWING.JOB_NOT_FOUND for dave's job and writes a bola audit line", async () => {
    const read = await call(svc, `/towing/jobs/${davesJob.id}`, { token: await token(ERIN) });
    expectError(read, 404, 'TOWING.JOB_NOT_FOUND');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.denied',
        defense: 'bola',
        resource: `tow-job:${davesJob.id}`,
        party: ERIN,
        correlationId: read.body.correlationId,
      }),
    );
  });

  it("gives erin a list without dave's job: exactly the T-02 jobs (empty here)", async () => {
    const list = await call(svc, '/towing/jobs', { token: await token(ERIN) });
    expect(list.status).toBe(200);
    const ids = (list.body.items as { id: string }[]).map((j) => j.id);
    expect(ids).not.toContain(davesJob.id);
    // Empty unless another test file filed a claim in a T-02 state on the shared broker; either
    // way erin sees exactly her company's rows.
    const t02 = await db.query<{ id: string }>("SELECT id FROM tow_jobs WHERE company_id = 'T-02'");
    expect(ids.sort()).toEqual(t02.rows.map((r) => r.id).sort());
  });

  it('answers the same 404 for an unknown id and for a malformed id', async () => {
    const dave = await token(DAVE);
    for (const id of [randomUUID(), '1', "'%20OR%201=1--"]) {
      expectError(
        await call(svc, `/towing/jobs/${id}`, { token: dave }),
        404,
        'TOWING.JOB_NOT_FOUND',
      );
    }
  });

  it('publishes TowJobCreated on towing.events.v1, keyed by the job id and caused by the ClaimFiled', async () => {
    const message = await eventually(() =>
      received.find((m) => m.topic === TOPICS.towing && m.key === davesJob.id),
    );
    const envelope = EventEnvelopeSchema.parse(JSON.parse(message.value));
    expect(envelope).toMatchObject({
      type: 'TowJobCreated',
      version: 1,
      source: 'towing',
      subject: davesJob.id,
      correlationId: txClaim.correlationId,
      causationId: txClaim.id,
    });
    expect(TowJobCreatedV1Schema.parse(envelope.data)).toEqual({
      jobId: davesJob.id,
      claimId: txClaim.data.claimId,
      companyId: 'T-01',
    });
  });
});

describe('towing service: delivery rules', () => {
  it('opens exactly one job when the same envelope is delivered twice', async () => {
    const consumer = svc.app.get(ClaimEventsConsumer);
    const duplicatesBefore = consumer.stats.duplicates;
    const envelope = claimFiled();

    await publish(envelope);
    await publish(envelope);

    await eventually(() => (consumer.stats.duplicates > duplicatesBefore ? true : undefined));
    expect(await jobCount(envelope.data.claimId)).toBe(1);
  });

  it('dead-letters a message that is not JSON with its reason, and processes the next event', async () => {
    const key = randomUUID();
    const next = claimFiled();
    await publish('{"this is": not json', key);
    await publish(next, key);

    const dead = await eventually(() => dlqMessage(key));
    expect(dead.value).toBe('{"this is": not json');
    expect(dead.headers).toMatchObject({
      'dlq-reason': 'payload is not JSON',
      'dlq-consumer': GROUP,
      'dlq-source-topic': TOPICS.claims,
    });
    expect(await eventually(() => jobFor(next.data.claimId))).toMatchObject({ company_id: 'T-01' });
  });

  it("dead-letters a ClaimFiled whose source is not 'claims' and opens no job for it", async () => {
    const key = randomUUID();
    const forged = claimFiled({}, { source: 'towing' });
    const next = claimFiled();
    await publish(forged, key);
    await publish(next, key);

    const dead = await eventually(() => dlqMessage(key));
    expect(dead.headers['dlq-reason']).toBe('source towing may not emit ClaimFiled');
    await eventually(() => jobFor(next.data.claimId));
    // `next` came after `forged` on the same partition, so `forged` has been dealt with.
    expect(await jobCount(forged.data.claimId)).toBe(0);
  });

  it('dead-letters a ClaimFiled whose data breaks the v1 schema, naming the field, not its value', async () => {
    const key = randomUUID();
    const broken = claimFiled();
    const next = claimFiled();
    const bad = {
      ...broken,
      data: { ...broken.data, vehicle: { ...broken.data.vehicle, vin: 'SECRET-VIN' } },
    };
    await publish(JSON.stringify(bad), key);
    await publish(next, key);

    const dead = await eventually(() => dlqMessage(key));
    expect(dead.headers['dlq-reason']).toContain('vehicle.vin');
    expect(dead.headers['dlq-reason']).not.toContain('SECRET-VIN');
    await eventually(() => jobFor(next.data.claimId));
    expect(await jobCount(broken.data.claimId)).toBe(0);
  });

  it('acknowledges a ClaimFiled that needs no tow and opens no job for it', async () => {
    const noTow = claimFiled({ needsTow: false });
    const next = claimFiled();
    await publish(noTow, noTow.data.claimId);
    await publish(next, noTow.data.claimId);

    await eventually(() => jobFor(next.data.claimId));
    expect(await jobCount(noTow.data.claimId)).toBe(0);
    // Acknowledged (recorded in the inbox), not dead-lettered.
    expect(await inboxHas(noTow.id)).toBe(true);
    expect(dlqMessage(noTow.data.claimId)).toBeUndefined();
  });
});

describe('towing service: dispatch by state', () => {
  it('assigns a CA loss to Golden State Recovery (T-02): erin reads and lists it, dave gets 404', async () => {
    const caClaim = claimFiled({
      location: { city: 'Fresno', state: 'CA', postalCode: '93721' },
    });
    await publish(caClaim);
    const job = await eventually(() => jobFor(caClaim.data.claimId));
    expect(job).toMatchObject({ company_id: 'T-02', status: 'ASSIGNED' });

    const read = await call(svc, `/towing/jobs/${job.id}`, { token: await token(ERIN) });
    expect(read.body).toMatchObject({
      companyId: 'T-02',
      pickup: { city: 'Fresno', state: 'CA', postalCode: '93721' },
    });
    expect(read.body.pickup).not.toHaveProperty('street');
    const list = await call(svc, '/towing/jobs', { token: await token(ERIN) });
    expect((list.body.items as { id: string }[]).map((j) => j.id)).toContain(job.id);
    expectError(
      await call(svc, `/towing/jobs/${job.id}`, { token: await token(DAVE) }),
      404,
      'TOWING.JOB_NOT_FOUND',
    );
  });

  it('opens an UNASSIGNED job without company for a state nobody serves, readable by no operator', async () => {
    const nyClaim = claimFiled({
      location: { city: 'Albany', state: 'NY', postalCode: '12207' },
    });
    await publish(nyClaim);
    const job = await eventually(() => jobFor(nyClaim.data.claimId));
    expect(job).toMatchObject({ company_id: null, status: 'UNASSIGNED' });
    for (const party of [DAVE, ERIN]) {
      expectError(
        await call(svc, `/towing/jobs/${job.id}`, { token: await token(party) }),
        404,
        'TOWING.JOB_NOT_FOUND',
      );
    }
  });
});

describe('towing service: tokens, scopes and platform routes', () => {
  it('answers 401 AUTH.TOKEN_MISSING without a token', async () => {
    expectError(await call(svc, '/towing/jobs'), 401, 'AUTH.TOKEN_MISSING');
  });

  it('refuses a token minted for another service (audience claims)', async () => {
    const claimsToken = await issuer.mint({
      aud: 'claims',
      party: DAVE,
      scope: 'towing:read',
    });
    expectError(await call(svc, '/towing/jobs', { token: claimsToken }), 401, 'AUTH.TOKEN_INVALID');
  });

  it('answers 403 AUTH.INSUFFICIENT_SCOPE to a tow operator without towing:read', async () => {
    expectError(
      await call(svc, '/towing/jobs', { token: await token(DAVE, 'towing:write') }),
      403,
      'AUTH.INSUFFICIENT_SCOPE',
    );
  });

  it('answers 403 AUTHZ.FORBIDDEN when a member lists tow jobs, by policy, with an audit line', async () => {
    const list = await call(svc, '/towing/jobs', { token: await token(ALICE) });
    expectError(list, 403, 'AUTHZ.FORBIDDEN');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.denied',
        defense: 'bfla',
        party: ALICE,
        correlationId: list.body.correlationId,
      }),
    );
  });

  it('serves /healthz and the route manifest without a token', async () => {
    expect(await call(svc, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const manifest = await call(svc, '/.well-known/route-manifest');
    expect(manifest.status).toBe(200);
    expect(manifest.body).toEqual(TOWING_ROUTE_MANIFEST);
    expect(manifest.body).toMatchObject({ service: 'towing', version: 1 });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const answer = await call(svc, '/towing/trucks', { token: await token(DAVE) });
    expect(answer.status).toBe(404);
    expect(ErrorBodySchema.parse(answer.body).code).toBe('GATEWAY.ROUTE_NOT_FOUND');
  });
});

describe('towing service: training switches prove the bola defense is real', () => {
  const txClaim = claimFiled();
  let davesJob: JobRow;
  let training: Running;

  beforeAll(async () => {
    await publish(txClaim);
    davesJob = await eventually(() => jobFor(txClaim.data.claimId));
    // Same database and consumer group, one app at a time: the training app takes over.
    await svc.close();
    training = await boot('bola');
  });

  it("lets erin read dave's job when bola is off, and audits that the training rule allowed it", async () => {
    const read = await call(training, `/towing/jobs/${davesJob.id}`, { token: await token(ERIN) });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: davesJob.id, companyId: 'T-01' });
    expect(training.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.allowed',
        defense: 'bola',
        party: ERIN,
        resource: `tow-job:${davesJob.id}`,
        reason: 'allowed by training-bola-off-any-tow-operator-reads-any-job',
      }),
    );
  });

  it("still keeps dave's job out of erin's list (listing stays per company)", async () => {
    const list = await call(training, '/towing/jobs', { token: await token(ERIN) });
    expect((list.body.items as { id: string }[]).map((j) => j.id)).not.toContain(davesJob.id);
  });
});
