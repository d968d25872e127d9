import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClaimFiledV1Schema,
  dlqTopic,
  ErrorBodySchema,
  EventEnvelopeSchema,
  eventDataProblem,
  TOPICS,
  TowJobCreatedV1Schema,
  type ClaimFiledV1,
  type EventEnvelope,
  type Party,
} from '@claimguard/contracts';
import { createEnvelope } from '@claimguard/messaging';
import { eventBus, type EventBus, type MessageCollector } from '@claimguard/messaging/testing';
import { createLogger } from '@claimguard/observability';
import {
  appDir,
  bootService,
  createTokenIssuer,
  eventually,
  expectError,
  httpCall,
  migrateDatabase,
  resetDatabase,
  serviceEnv,
  serviceRows,
  serviceSet,
  type HttpAnswer,
  type HttpCallOptions,
  type ServiceRows,
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

type Answer = HttpAnswer;
type Received = MessageCollector['received'][number];

interface JobRow {
  id: string;
  claim_id: string;
  company_id: string | null;
  status: string;
  shop_id: string | null;
}

let databaseUrl: string;
let issuer: TokenIssuer;
let rows: ServiceRows;
/**
 * The broker connection and event-signing key folder of this run: towing's own key and the trust
 * store. The test signs as claims with a claims key it publishes there, as the claims service
 * would on its first start.
 */
let bus: EventBus;
let seen: MessageCollector;

/** One towing app at a time on this file's database and consumer group (defenses as given). */
const services = serviceSet((defensesOff?: string) =>
  bootService({
    create: createTowingApp,
    loadConfig: loadTowingConfig,
    log: createLogger('towing', 'silent'),
    env: serviceEnv({
      databaseUrl,
      issuer,
      keysDir: bus.keysDir,
      consumerGroup: GROUP,
      defensesOff,
    }),
  }),
);
const boot = services.boot;
type Running = Awaited<ReturnType<typeof boot>>;

/** Calls the app under test (see libs/testing httpCall). */
const call = (target: Running, path: string, options?: HttpCallOptions) =>
  httpCall(target.url, 'GET', path, options);

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
 * Produces an envelope to `claims.events.v1` signed with the claims key, exactly as claims' outbox
 * relay does. The key defaults to the claim id (as claims keys it); tests that need "the next
 * message" pass one key for several messages, which puts them on one partition, in order.
 */
const publish = (envelope: EventEnvelope, key?: string) =>
  bus.publishAs('claims', TOPICS.claims, envelope, key);

/** Produces `value` to `claims.events.v1` as is: no signature, whatever the bytes. */
const publishRaw = (value: string | EventEnvelope, key?: string) =>
  bus.publishRaw(TOPICS.claims, value, key);

const JOB_COLUMNS = 'SELECT id, claim_id, company_id, status, shop_id FROM tow_jobs';
const jobFor = (claimId: string) =>
  rows.one<JobRow>(`${JOB_COLUMNS} WHERE claim_id = $1`, [claimId]);
const jobById = (id: string) => rows.one<JobRow>(`${JOB_COLUMNS} WHERE id = $1`, [id]);
const jobCount = (claimId: string) => rows.count('tow_jobs', { claim_id: claimId });
const inboxHas = (eventId: string) => rows.inboxHas(GROUP, eventId);

/** Calls a move route (`dispatch`, `pick-up`, `deliver`) of a job with an optional JSON body. */
function move(
  target: Running,
  jobId: string,
  action: 'dispatch' | 'pick-up' | 'deliver',
  token: string,
  body?: unknown,
): Promise<Answer> {
  return httpCall(target.url, 'POST', `/towing/jobs/${jobId}/${action}`, {
    token,
    ...(body !== undefined ? { body } : {}),
  });
}

/** The towing event of `type` published for job `jobId` (keyed by the job id), once it arrives. */
function towingEvent(
  jobId: string,
  type: string,
): Promise<{ message: Received; envelope: EventEnvelope }> {
  return eventually(() => {
    for (const message of seen.on(TOPICS.towing, jobId)) {
      const envelope = EventEnvelopeSchema.parse(JSON.parse(message.value));
      if (envelope.type === type) return { message, envelope };
    }
    return undefined;
  });
}

/** Why a message on towing.events.v1 is not signed by towing's key, or undefined when it is. */
const towingSignatureProblem = (message: Received) => bus.signatureProblem('towing', message);

/** Opens a fresh TX job for T-01 (dave) through a signed ClaimFiled and returns its row. */
async function openDavesJob(): Promise<JobRow> {
  const claim = claimFiled();
  await publish(claim);
  return eventually(() => jobFor(claim.data.claimId));
}

const dlqMessage = (key: string) => seen.findDlq(TOPICS.claims, key);

let svc: Running;

/**
 * Closes every running app, so the next one boots alone on the same database and consumer group
 * (one app per defense setting, one at a time).
 */
const takeOver = () => services.closeAll();

beforeAll(async () => {
  databaseUrl = await resetDatabase(DB);
  await migrateDatabase(appDir('towing'), databaseUrl);
  rows = serviceRows(databaseUrl);
  issuer = await createTokenIssuer();
  bus = await eventBus({
    brokers: process.env.KAFKA_BROKERS ?? '',
    clientId: 'towing-it',
    signers: ['claims'],
  });
  seen = await bus.collect([TOPICS.towing, dlqTopic(TOPICS.claims)]);
  svc = await boot();
});

afterAll(async () => {
  await services.closeAll();
  await bus?.close();
  await rows?.close();
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
      shopId: null,
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
    const t02 = await rows.pool.query<{ id: string }>(
      "SELECT id FROM tow_jobs WHERE company_id = 'T-02'",
    );
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
    const message = await eventually(() => seen.on(TOPICS.towing, davesJob.id)[0]);
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
    // Signed by towing's own key, so consumers (claims, repair) can verify where it came from.
    expect(await towingSignatureProblem(message)).toBeUndefined();
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
    await publishRaw('{"this is": not json', key);
    await publish(next, key);

    const dead = await seen.dlq(TOPICS.claims, key);
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

    const dead = await seen.dlq(TOPICS.claims, key);
    expect(dead.headers['dlq-reason']).toBe('source towing may not emit ClaimFiled');
    await eventually(() => jobFor(next.data.claimId));
    // `next` came after `forged` on the same partition, so `forged` has been dealt with.
    expect(await jobCount(forged.data.claimId)).toBe(0);
  });

  it('dead-letters an unsigned ClaimFiled (defense event-signing) and opens no job for it', async () => {
    const key = randomUUID();
    const unsigned = claimFiled();
    const next = claimFiled();
    await publishRaw(unsigned, key);
    await publish(next, key);

    const dead = await seen.dlq(TOPICS.claims, key);
    expect(dead.headers['dlq-reason']).toBe('event is not signed');
    await eventually(() => jobFor(next.data.claimId));
    expect(await jobCount(unsigned.data.claimId)).toBe(0);
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({ action: 'event.rejected', defense: 'event-signing' }),
    );
  });

  it("dead-letters a ClaimFiled signed with another service's key (a compromised towing cannot speak for claims)", async () => {
    const key = randomUUID();
    const forged = claimFiled();
    const next = claimFiled();
    await bus.publishAs('towing', TOPICS.claims, forged, key);
    await publish(next, key);

    const dead = await seen.dlq(TOPICS.claims, key);
    expect(dead.headers['dlq-reason']).toBe("event is not signed with claims's key");
    await eventually(() => jobFor(next.data.claimId));
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
    await publish(bad, key);
    await publish(next, key);

    const dead = await seen.dlq(TOPICS.claims, key);
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

describe('towing service: dave moves his job, dispatch → pick-up → deliver', () => {
  let job: JobRow;
  let dave: string;

  beforeAll(async () => {
    job = await openDavesJob();
    dave = await token(DAVE, 'towing:write');
  });

  it('dispatches the ASSIGNED job (no body): 200 with the DTO, TowJobDispatched published', async () => {
    const answer = await move(svc, job.id, 'dispatch', dave);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: job.id,
      claimId: job.claim_id,
      companyId: 'T-01',
      status: 'DISPATCHED',
      shopId: null,
    });
    expect(await jobById(job.id)).toMatchObject({ status: 'DISPATCHED', shop_id: null });

    const { message, envelope } = await towingEvent(job.id, 'TowJobDispatched');
    expect(envelope).toMatchObject({
      version: 1,
      source: 'towing',
      subject: job.id,
      correlationId: answer.headers.get('x-correlation-id'),
      actor: { sub: `sub-${DAVE.id}`, party: DAVE },
    });
    expect(eventDataProblem('TowJobDispatched', 1, envelope.data)).toBeUndefined();
    expect(envelope.data).toEqual({ jobId: job.id, claimId: job.claim_id, companyId: 'T-01' });
    expect(await towingSignatureProblem(message)).toBeUndefined();
  });

  it('answers a second dispatch 409 TOWING.ILLEGAL_TRANSITION and publishes nothing more', async () => {
    expectError(await move(svc, job.id, 'dispatch', dave), 409, 'TOWING.ILLEGAL_TRANSITION');
    expect(await jobById(job.id)).toMatchObject({ status: 'DISPATCHED' });
  });

  it('refuses unknown body fields with 400 REQUEST.VALIDATION_FAILED, binding none of them', async () => {
    for (const body of [{ status: 'DELIVERED' }, { companyId: 'T-02' }, { shopId: 'S-01' }]) {
      const answer = await move(svc, job.id, 'pick-up', dave, body);
      expectError(answer, 400, 'REQUEST.VALIDATION_FAILED');
    }
    expect(await jobById(job.id)).toMatchObject({ status: 'DISPATCHED', company_id: 'T-01' });
  });

  it('picks up with an empty object body: PICKED_UP, VehiclePickedUp published', async () => {
    const answer = await move(svc, job.id, 'pick-up', dave, {});
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: job.id, status: 'PICKED_UP', shopId: null });
    const { envelope } = await towingEvent(job.id, 'VehiclePickedUp');
    expect(eventDataProblem('VehiclePickedUp', 1, envelope.data)).toBeUndefined();
    expect(envelope.data).toEqual({ jobId: job.id, claimId: job.claim_id, companyId: 'T-01' });
  });

  it('refuses a delivery to S-99 with 422 TOWING.UNKNOWN_SHOP; the car stays on the truck', async () => {
    expectError(
      await move(svc, job.id, 'deliver', dave, { shopId: 'S-99' }),
      422,
      'TOWING.UNKNOWN_SHOP',
    );
    expect(await jobById(job.id)).toMatchObject({ status: 'PICKED_UP', shop_id: null });
  });

  it('refuses a deliver body without shopId or with extra fields (400)', async () => {
    for (const body of [{}, { shopId: 'S-01', status: 'DELIVERED' }, { shopId: 1 }]) {
      expectError(await move(svc, job.id, 'deliver', dave, body), 400, 'REQUEST.VALIDATION_FAILED');
    }
    expectError(await move(svc, job.id, 'deliver', dave), 400, 'REQUEST.VALIDATION_FAILED');
  });

  it('delivers to S-01: DELIVERED at the shop, VehicleDelivered published naming it', async () => {
    const answer = await move(svc, job.id, 'deliver', dave, { shopId: 'S-01' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: job.id, status: 'DELIVERED', shopId: 'S-01' });
    expect(await jobById(job.id)).toMatchObject({ status: 'DELIVERED', shop_id: 'S-01' });

    const { message, envelope } = await towingEvent(job.id, 'VehicleDelivered');
    expect(eventDataProblem('VehicleDelivered', 1, envelope.data)).toBeUndefined();
    expect(envelope.data).toEqual({
      jobId: job.id,
      claimId: job.claim_id,
      companyId: 'T-01',
      shopId: 'S-01',
    });
    expect(await towingSignatureProblem(message)).toBeUndefined();

    const read = await call(svc, `/towing/jobs/${job.id}`, { token: await token(DAVE) });
    expect(read.body).toMatchObject({ status: 'DELIVERED', shopId: 'S-01' });
  });

  it("publishes the job's events in order, on the job's key", async () => {
    await towingEvent(job.id, 'VehicleDelivered');
    const types = seen
      .on(TOPICS.towing, job.id)
      .map((m) => (JSON.parse(m.value) as { type: string }).type);
    expect(types).toEqual([
      'TowJobCreated',
      'TowJobDispatched',
      'VehiclePickedUp',
      'VehicleDelivered',
    ]);
  });

  it('refuses any move of a DELIVERED job with 409', async () => {
    expectError(await move(svc, job.id, 'dispatch', dave), 409, 'TOWING.ILLEGAL_TRANSITION');
    expectError(await move(svc, job.id, 'pick-up', dave), 409, 'TOWING.ILLEGAL_TRANSITION');
    expectError(
      await move(svc, job.id, 'deliver', dave, { shopId: 'S-02' }),
      409,
      'TOWING.ILLEGAL_TRANSITION',
    );
  });
});

describe('towing service: who may move a job', () => {
  let job: JobRow;

  beforeAll(async () => {
    job = await openDavesJob();
  });

  it("answers erin (T-02) 404 TOWING.JOB_NOT_FOUND for dave's job, audits bola, changes nothing", async () => {
    const answer = await move(svc, job.id, 'dispatch', await token(ERIN, 'towing:write'));
    expectError(answer, 404, 'TOWING.JOB_NOT_FOUND');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.denied',
        defense: 'bola',
        party: ERIN,
        resource: `tow-job:${job.id}`,
        correlationId: answer.body.correlationId,
      }),
    );
    expect(await jobById(job.id)).toMatchObject({ status: 'ASSIGNED' });
  });

  it('answers the same 404 for an unknown id, a malformed id and an UNASSIGNED job', async () => {
    const nyClaim = claimFiled({ location: { city: 'Albany', state: 'NY', postalCode: '12207' } });
    await publish(nyClaim);
    const unassigned = await eventually(() => jobFor(nyClaim.data.claimId));
    const dave = await token(DAVE, 'towing:write');
    for (const id of [randomUUID(), 'not-a-uuid', unassigned.id]) {
      expectError(await move(svc, id, 'dispatch', dave), 404, 'TOWING.JOB_NOT_FOUND');
    }
  });

  it('refuses a member 403: by scope with its own scopes, by policy (bfla, audited) with towing:write', async () => {
    expectError(
      await move(svc, job.id, 'dispatch', await token(ALICE, 'claims:read claims:write')),
      403,
      'AUTH.INSUFFICIENT_SCOPE',
    );
    const answer = await move(svc, job.id, 'dispatch', await token(ALICE, 'towing:write'));
    expectError(answer, 403, 'AUTHZ.FORBIDDEN');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.denied',
        defense: 'bfla',
        party: ALICE,
        correlationId: answer.body.correlationId,
      }),
    );
    // Same answer for an id that does not exist: no existence oracle for other party kinds.
    expectError(
      await move(svc, randomUUID(), 'dispatch', await token(ALICE, 'towing:write')),
      403,
      'AUTHZ.FORBIDDEN',
    );
    expect(await jobById(job.id)).toMatchObject({ status: 'ASSIGNED' });
  });

  it('lets exactly one of two racing dispatches win: one 200, one 409, one event in the outbox', async () => {
    const racing = await openDavesJob();
    const dave = await token(DAVE, 'towing:write');
    const answers = await Promise.all([
      move(svc, racing.id, 'dispatch', dave),
      move(svc, racing.id, 'dispatch', dave),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const outbox = await rows.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM outbox_messages WHERE message_key = $1 AND event_type = 'TowJobDispatched'",
      [racing.id],
    );
    expect(Number(outbox.rows[0]?.n)).toBe(1);
  });

  it('refuses dave with only towing:read (403 AUTH.INSUFFICIENT_SCOPE)', async () => {
    expectError(
      await move(svc, job.id, 'dispatch', await token(DAVE, 'towing:read')),
      403,
      'AUTH.INSUFFICIENT_SCOPE',
    );
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
    await takeOver();
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

  it("lets erin (T-02) dispatch dave's job when bola is off, audited as the training rule", async () => {
    const answer = await move(training, davesJob.id, 'dispatch', await token(ERIN, 'towing:write'));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: davesJob.id, companyId: 'T-01', status: 'DISPATCHED' });
    expect(await jobById(davesJob.id)).toMatchObject({ status: 'DISPATCHED' });
    expect(training.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.allowed',
        defense: 'bola',
        party: ERIN,
        resource: `tow-job:${davesJob.id}`,
        reason: 'allowed by training-bola-off-any-tow-operator-moves-any-job',
      }),
    );
    const { envelope } = await towingEvent(davesJob.id, 'TowJobDispatched');
    expect(envelope.actor).toMatchObject({ party: ERIN });
  });

  it('still refuses a member with bola off (403 AUTHZ.FORBIDDEN)', async () => {
    expectError(
      await move(training, davesJob.id, 'pick-up', await token(ALICE, 'towing:write')),
      403,
      'AUTHZ.FORBIDDEN',
    );
  });
});

describe('towing service: training switches prove the event-signing defense is real', () => {
  let training: Running;

  beforeAll(async () => {
    await takeOver();
    training = await boot('event-signing');
  });

  it('opens a job from an unsigned ClaimFiled when event-signing is off', async () => {
    const unsigned = claimFiled();
    await publishRaw(unsigned);
    expect(await eventually(() => jobFor(unsigned.data.claimId))).toMatchObject({
      company_id: 'T-01',
      status: 'ASSIGNED',
    });
    expect(training.audits()).not.toContainEqual(
      expect.objectContaining({ action: 'event.rejected', defense: 'event-signing' }),
    );
  });

  it('still dead-letters a forged source: the emitter check is not the signature check', async () => {
    const key = randomUUID();
    const forged = claimFiled({}, { source: 'towing' });
    await publishRaw(forged, key);
    const dead = await seen.dlq(TOPICS.claims, key);
    expect(dead.headers['dlq-reason']).toBe('source towing may not emit ClaimFiled');
    expect(await jobCount(forged.data.claimId)).toBe(0);
  });
});
