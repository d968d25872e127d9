import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClaimFiledV1Schema,
  dlqTopic,
  ErrorBodySchema,
  EventEnvelopeSchema,
  RentalClosedV1Schema,
  RentalConfirmedV1Schema,
  RentalReservedV1Schema,
  TOPICS,
  type ClaimFiledV1,
  type EventEnvelope,
  type Party,
  type RepairCompletedV1,
  type Topic,
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
  randomVin,
  startCoverageNeighbours,
  type CoverageNeighbours,
  type HttpCallOptions,
  type ServiceRows,
  type TokenIssuer,
} from '@claimguard/testing';
import { createRentalApp } from '../src/app.js';
import { loadRentalConfig } from '../src/config.js';
import { RentalEventsConsumer } from '../src/rental/interface/rental-events.consumer.js';
import { RENTAL_ROUTE_MANIFEST } from '../src/route-manifest.js';

const DB = 'claimguard_it_rental';
/**
 * The broker is shared by every integration file of a run (and keeps what earlier files
 * produced); a consumer group of our own makes this file read from the start without inheriting
 * anybody's offsets. Other files' claims may therefore reserve cars here too, so assertions look
 * at this file's claims, never at totals.
 */
const GROUP = `rental-it-${randomUUID()}`;
const ALICE: Party = { kind: 'member', id: 'M-100001' };
const BOB: Party = { kind: 'member', id: 'M-100002' };
const HEIDI: Party = { kind: 'rental_agent', id: 'R-01' };
const OTHER_AGENT: Party = { kind: 'rental_agent', id: 'R-02' };
const DAVE: Party = { kind: 'tow_operator', id: 'T-01' };

interface ReservationRow {
  id: string;
  claim_id: string;
  member_id: string;
  agency_id: string | null;
  status: string;
}

let databaseUrl: string;
let issuer: TokenIssuer;
let rows: ServiceRows;
/** The broker connection and the trust store rental reads producers' public keys from. */
let bus: EventBus;
let seen: MessageCollector;

/**
 * The REAL identity (token exchange, client `claimguard-rental`) and claims (the coverage route, on
 * mTLS) that rental's confirm asks, with databases of this file's own.
 */
let neighbours: CoverageNeighbours;

/** One rental app at a time on this file's database and consumer group (defenses as given). */
const services = serviceSet((defensesOff?: string) =>
  bootService({
    create: createRentalApp,
    loadConfig: loadRentalConfig,
    log: createLogger('rental', 'silent'),
    env: serviceEnv({
      databaseUrl,
      issuer,
      keysDir: bus.keysDir,
      consumerGroup: GROUP,
      defensesOff,
      extra: neighbours.rentalEnv,
    }),
  }),
);
const boot = services.boot;
type Running = Awaited<ReturnType<typeof boot>>;

/** Rental listens on mTLS as in the stack: tests call it as the gateway does. */
const get = (target: Running, path: string, options?: HttpCallOptions) =>
  httpCall(target.url, 'GET', path, { tls: neighbours.asGateway, ...options });
const post = (target: Running, path: string, options?: HttpCallOptions) =>
  httpCall(target.url, 'POST', path, { tls: neighbours.asGateway, ...options });

function token(party: Party, scope = 'rental:read rental:write', aud = 'rental'): Promise<string> {
  return issuer.mint({ aud, party, scope, sub: `sub-${party.id}` });
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
    needsRental: true,
    ...overrides,
  });
}

/** A `ClaimFiled` envelope exactly as the claims service's outbox relay would publish it. */
function claimFiled(overrides: Partial<ClaimFiledV1> = {}): EventEnvelope<ClaimFiledV1> {
  const data = claimData(overrides);
  return createEnvelope({
    type: 'ClaimFiled',
    version: 1,
    source: 'claims',
    subject: data.claimId,
    data,
    actor: { sub: `sub-${data.memberId}`, party: { kind: 'member', id: data.memberId } },
    correlationId: randomUUID(),
  });
}

/** A `RepairCompleted` envelope as repair would publish it: its subject is the repair order. */
function repairCompleted(claimId: string, source = 'repair'): EventEnvelope<RepairCompletedV1> {
  const data = { orderId: randomUUID(), claimId, shopId: 'S-01' };
  return createEnvelope({
    type: 'RepairCompleted',
    version: 1,
    source,
    subject: data.orderId,
    data,
    correlationId: randomUUID(),
  });
}

/**
 * Produces an event as `signer` would (null: unsigned). The key defaults to the subject; tests
 * that need "the next message" pass one key for several messages, which puts them on one
 * partition, in order.
 */
const publish = (topic: Topic, envelope: EventEnvelope, signer: string | null, key?: string) =>
  signer ? bus.publishAs(signer, topic, envelope, key) : bus.publishRaw(topic, envelope, key);

const fileClaim = (envelope: EventEnvelope, key?: string) =>
  publish(TOPICS.claims, envelope, 'claims', key);
const completeRepair = (envelope: EventEnvelope, key?: string) =>
  publish(TOPICS.repair, envelope, 'repair', key);

const reservationFor = (claimId: string) =>
  rows.one<ReservationRow>(
    'SELECT id, claim_id, member_id, agency_id, status FROM reservations WHERE claim_id = $1',
    [claimId],
  );
const reservationCount = (claimId: string) => rows.count('reservations', { claim_id: claimId });
const inboxHas = (eventId: string) => rows.inboxHas(GROUP, eventId);
/**
 * Rental's dead letters (its consumer group): the real claims' timeline consumer reads the same
 * topic and dead-letters this file's bad events too.
 */
const dlqMessage = (topic: Topic, key: string) => seen.findDlq(topic, key, GROUP);
const deadLetter = (topic: Topic, key: string) => seen.dlq(topic, key, GROUP);

/** The rental events published for a reservation, parsed. */
function rentalEvents(reservationId: string): EventEnvelope[] {
  return seen
    .on(TOPICS.rental, reservationId)
    .map((m) => EventEnvelopeSchema.parse(JSON.parse(m.value)));
}

async function rentalEvent(reservationId: string, type: string): Promise<EventEnvelope> {
  return eventually(() => rentalEvents(reservationId).find((e) => e.type === type));
}

/** Files a claim that wants a car and waits for its reservation. */
async function reserved(overrides: Partial<ClaimFiledV1> = {}): Promise<ReservationRow> {
  const envelope = claimFiled(overrides);
  await fileClaim(envelope);
  return eventually(() => reservationFor(envelope.data.claimId));
}

/**
 * Files a claim as alice through claims' real API (as the gateway calls it) and returns its id.
 * Claims' outbox then publishes the real, signed `ClaimFiled`.
 */
async function fileRealClaim(needsRental: boolean): Promise<string> {
  const filed = await httpCall(neighbours.claims().url, 'POST', '/claims', {
    tls: neighbours.asGateway,
    token: await issuer.mint({
      aud: 'claims',
      party: ALICE,
      scope: 'claims:read claims:write',
      sub: `sub-${ALICE.id}`,
    }),
    body: {
      vehicle: { vin: randomVin(), make: 'Honda', model: 'Accord', year: 2019 },
      lossDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      location: { street: '100 Main St', city: 'San Antonio', state: 'TX', postalCode: '78205' },
      description: 'Rear-ended at a red light on Commerce St.',
      needsTow: false,
      needsRental,
    },
  });
  if (filed.status !== 201)
    throw new Error(`claims answered ${filed.status}: ${JSON.stringify(filed.body)}`);
  return (filed.body as { id: string }).id;
}

/** A claim alice really filed with claims, wanting a car, and the reservation its real ClaimFiled made. */
async function reservedForRealClaim(): Promise<ReservationRow> {
  const claimId = await fileRealClaim(true);
  return eventually(() => reservationFor(claimId), 30_000, `a reservation for claim ${claimId}`);
}

let svc: Running;

beforeAll(async () => {
  databaseUrl = await resetDatabase(DB);
  await migrateDatabase(appDir('rental'), databaseUrl);
  rows = serviceRows(databaseUrl);
  issuer = await createTokenIssuer();
  // The producers' keys: each publishes its public half to the trust store rental reads.
  bus = await eventBus({
    brokers: process.env.KAFKA_BROKERS ?? '',
    clientId: 'rental-it',
    signers: ['claims', 'repair', 'towing'],
  });
  seen = await bus.collect([TOPICS.rental, dlqTopic(TOPICS.claims), dlqTopic(TOPICS.repair)]);
  neighbours = await startCoverageNeighbours({
    databasePrefix: DB,
    issuer,
    eventKeysDir: bus.keysDir,
  });
  svc = await boot();
});

afterAll(async () => {
  await services.closeAll();
  await neighbours?.stop();
  await bus?.close();
  await rows?.close();
  await issuer?.close();
});

describe('rental service: a reservation from ClaimFiled', () => {
  const txClaim = claimFiled();
  let alicesCar: ReservationRow;

  beforeAll(async () => {
    await fileClaim(txClaim);
    alicesCar = await eventually(() => reservationFor(txClaim.data.claimId));
  });

  it("reserves a REQUESTED car at Hill Country Rentals (R-01) for alice's TX claim", () => {
    expect(alicesCar).toMatchObject({
      claim_id: txClaim.data.claimId,
      member_id: ALICE.id,
      agency_id: 'R-01',
      status: 'REQUESTED',
    });
  });

  it('publishes RentalReserved on rental.events.v1, keyed by the reservation and caused by the ClaimFiled', async () => {
    const envelope = await rentalEvent(alicesCar.id, 'RentalReserved');
    expect(envelope).toMatchObject({
      version: 1,
      source: 'rental',
      subject: alicesCar.id,
      correlationId: txClaim.correlationId,
      causationId: txClaim.id,
    });
    expect(RentalReservedV1Schema.parse(envelope.data)).toEqual({
      reservationId: alicesCar.id,
      claimId: txClaim.data.claimId,
      agencyId: 'R-01',
    });
  });

  it('lets alice read her reservation as the DTO, without her member id', async () => {
    const read = await get(svc, `/rental/reservations/${alicesCar.id}`, {
      token: await token(ALICE, 'rental:read'),
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      id: alicesCar.id,
      claimId: txClaim.data.claimId,
      agencyId: 'R-01',
      status: 'REQUESTED',
      pickup: { city: 'San Antonio', state: 'TX' },
      requestedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      confirmedAt: null,
      closedAt: null,
      coveredDays: null,
    });
  });

  it("lets heidi (R-01) read and list her agency's reservation, with no member id", async () => {
    const heidi = await token(HEIDI);
    const read = await get(svc, `/rental/reservations/${alicesCar.id}`, { token: heidi });
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(ALICE.id);
    const list = await get(svc, '/rental/reservations', { token: heidi });
    expect(list.status).toBe(200);
    const items = list.body.items as { id: string; agencyId: string }[];
    expect(items.map((r) => r.id)).toContain(alicesCar.id);
    expect(new Set(items.map((r) => r.agencyId))).toEqual(new Set(['R-01']));
    expect(JSON.stringify(list.body)).not.toContain(ALICE.id);
  });

  it("lists alice's reservation for alice and not for bob", async () => {
    const alices = await get(svc, '/rental/reservations', { token: await token(ALICE) });
    expect((alices.body.items as { id: string }[]).map((r) => r.id)).toContain(alicesCar.id);
    const bobs = await get(svc, '/rental/reservations', { token: await token(BOB) });
    expect(bobs.status).toBe(200);
    expect((bobs.body.items as { id: string }[]).map((r) => r.id)).not.toContain(alicesCar.id);
  });

  it("answers bob 404 RENTAL.RESERVATION_NOT_FOUND for alice's reservation and writes a bola audit line", async () => {
    const read = await get(svc, `/rental/reservations/${alicesCar.id}`, {
      token: await token(BOB, 'rental:read'),
    });
    expectError(read, 404, 'RENTAL.RESERVATION_NOT_FOUND');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.denied',
        defense: 'bola',
        resource: `reservation:${alicesCar.id}`,
        party: BOB,
        correlationId: read.body.correlationId,
      }),
    );
  });

  it("answers another agency's agent 404", async () => {
    expectError(
      await get(svc, `/rental/reservations/${alicesCar.id}`, { token: await token(OTHER_AGENT) }),
      404,
      'RENTAL.RESERVATION_NOT_FOUND',
    );
  });

  it('answers the same 404 for an unknown id and for a malformed id', async () => {
    const alice = await token(ALICE);
    for (const id of [randomUUID(), '1', "'%20OR%201=1--"]) {
      expectError(
        await get(svc, `/rental/reservations/${id}`, { token: alice }),
        404,
        'RENTAL.RESERVATION_NOT_FOUND',
      );
    }
  });
});

describe('rental service: delivery rules', () => {
  it('reserves exactly one car when the same signed event is delivered twice', async () => {
    const consumer = svc.app.get(RentalEventsConsumer);
    const duplicatesBefore = consumer.stats.duplicates;
    const envelope = claimFiled();

    await fileClaim(envelope);
    await fileClaim(envelope);

    await eventually(() => (consumer.stats.duplicates > duplicatesBefore ? true : undefined));
    expect(await reservationCount(envelope.data.claimId)).toBe(1);
  });

  it('keeps the one reservation when the claim is filed again under a new event id', async () => {
    const first = claimFiled();
    const car = await reserved(first.data);
    // Same claim, fresh envelope id: the inbox does not know it, the handler must.
    const replay = claimFiled(first.data);

    await fileClaim(replay);

    await eventually(async () => ((await inboxHas(replay.id)) ? true : undefined));
    expect(await reservationCount(first.data.claimId)).toBe(1);
    expect(rentalEvents(car.id).filter((e) => e.type === 'RentalReserved')).toHaveLength(1);
  });

  it('acknowledges a ClaimFiled without needsRental and reserves nothing for it', async () => {
    const noRental = claimFiled({ needsRental: false });
    const next = claimFiled();
    await fileClaim(noRental, noRental.data.claimId);
    await fileClaim(next, noRental.data.claimId);

    await eventually(() => reservationFor(next.data.claimId));
    expect(await reservationCount(noRental.data.claimId)).toBe(0);
    expect(await inboxHas(noRental.id)).toBe(true);
    expect(dlqMessage(TOPICS.claims, noRental.data.claimId)).toBeUndefined();
  });

  it('dead-letters an unsigned ClaimFiled with its reason and reserves nothing', async () => {
    const key = randomUUID();
    const unsigned = claimFiled();
    const next = claimFiled();
    await publish(TOPICS.claims, unsigned, null, key);
    await fileClaim(next, key);

    const dead = await deadLetter(TOPICS.claims, key);
    expect(dead.headers).toMatchObject({
      'dlq-reason': 'event is not signed',
      'dlq-consumer': GROUP,
      'dlq-source-topic': TOPICS.claims,
    });
    await eventually(() => reservationFor(next.data.claimId));
    // `next` came after `unsigned` on the same partition, so `unsigned` has been dealt with.
    expect(await reservationCount(unsigned.data.claimId)).toBe(0);
  });

  it("dead-letters a ClaimFiled signed with towing's key (a compromised towing forging claims)", async () => {
    const key = randomUUID();
    const forged = claimFiled();
    const next = claimFiled();
    await publish(TOPICS.claims, forged, 'towing', key);
    await fileClaim(next, key);

    const dead = await deadLetter(TOPICS.claims, key);
    expect(dead.headers['dlq-reason']).toBe("event is not signed with claims's key");
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({ action: 'event.rejected', defense: 'event-signing' }),
    );
    await eventually(() => reservationFor(next.data.claimId));
    expect(await reservationCount(forged.data.claimId)).toBe(0);
  });

  it('dead-letters a ClaimFiled naming another member for a claim that has a reservation', async () => {
    const original = claimFiled();
    const car = await reserved(original.data);
    const hijack = claimFiled({ ...original.data, memberId: BOB.id });
    const next = claimFiled();
    await fileClaim(hijack, original.data.claimId);
    await fileClaim(next, original.data.claimId);

    const dead = await deadLetter(TOPICS.claims, original.data.claimId);
    expect(dead.headers['dlq-reason']).toBe(
      `ClaimFiled names another member than reservation ${car.id} of its claim`,
    );
    await eventually(() => reservationFor(next.data.claimId));
    expect(await reservationFor(original.data.claimId)).toMatchObject({ member_id: ALICE.id });
  });
});

describe('rental service: the confirm asks claims for the coverage first', () => {
  it('answers 422 RENTAL.NOT_COVERED when claims says no rental is covered, changing nothing', async () => {
    // Alice filed this claim with claims without a rental; a (signed) ClaimFiled for the same real
    // claim asking for one made rental reserve: claims' own data must decide the confirm.
    const claimId = await fileRealClaim(false);
    const car = await reserved({ claimId });
    expectError(
      await post(svc, `/rental/reservations/${car.id}/confirm`, { token: await token(HEIDI) }),
      422,
      'RENTAL.NOT_COVERED',
    );
    expect(await reservationFor(car.claim_id)).toMatchObject({ status: 'REQUESTED' });
    expect(rentalEvents(car.id).filter((e) => e.type === 'RentalConfirmed')).toHaveLength(0);
  });

  it('answers 503 RENTAL.COVERAGE_UNAVAILABLE when identity or claims fails, changing nothing', async () => {
    const car = await reservedForRealClaim();
    const path = `/rental/reservations/${car.id}/confirm`;
    // The real neighbours down, one at a time: identity (no exchange), then claims (no coverage).
    for (const app of ['identity', 'claims'] as const) {
      await neighbours.down(app);
      try {
        expectError(
          await post(svc, path, { token: await token(HEIDI) }),
          503,
          'RENTAL.COVERAGE_UNAVAILABLE',
        );
      } finally {
        await neighbours.up(app);
      }
    }
    expect(await reservationFor(car.claim_id)).toMatchObject({ status: 'REQUESTED' });
    expect(rentalEvents(car.id).filter((e) => e.type === 'RentalConfirmed')).toHaveLength(0);
    // Once both answer, the same reservation confirms.
    const answer = await post(svc, path, { token: await token(HEIDI) });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'CONFIRMED', coveredDays: 14 });
  });
});

describe('rental service: the agency confirms', () => {
  let car: ReservationRow;

  beforeAll(async () => {
    car = await reservedForRealClaim();
  });

  it('refuses unknown body fields with 400 REQUEST.VALIDATION_FAILED and changes nothing', async () => {
    const answer = await post(svc, `/rental/reservations/${car.id}/confirm`, {
      token: await token(HEIDI),
      body: { status: 'CONFIRMED', agencyId: 'R-02' },
    });
    const body = expectError(answer, 400, 'REQUEST.VALIDATION_FAILED');
    expect(body.details).toEqual([
      { path: '(body)', message: 'unknown field(s): status, agencyId' },
    ]);
    expect(await reservationFor(car.claim_id)).toMatchObject({ status: 'REQUESTED' });
  });

  it('answers alice 403 AUTH.INSUFFICIENT_SCOPE without rental:write, and AUTHZ.FORBIDDEN with it', async () => {
    const path = `/rental/reservations/${car.id}/confirm`;
    expectError(
      await post(svc, path, { token: await token(ALICE, 'rental:read') }),
      403,
      'AUTH.INSUFFICIENT_SCOPE',
    );
    const forbidden = await post(svc, path, { token: await token(ALICE) });
    expectError(forbidden, 403, 'AUTHZ.FORBIDDEN');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.denied',
        defense: 'bfla',
        party: ALICE,
        resource: `reservation:${car.id}`,
        correlationId: forbidden.body.correlationId,
      }),
    );
  });

  it("answers another agency's agent 404 on confirm", async () => {
    expectError(
      await post(svc, `/rental/reservations/${car.id}/confirm`, {
        token: await token(OTHER_AGENT),
      }),
      404,
      'RENTAL.RESERVATION_NOT_FOUND',
    );
    expect(await reservationFor(car.claim_id)).toMatchObject({ status: 'REQUESTED' });
  });

  it('lets heidi confirm it (200 CONFIRMED) and publishes RentalConfirmed with heidi as actor', async () => {
    const answer = await post(svc, `/rental/reservations/${car.id}/confirm`, {
      token: await token(HEIDI),
      body: {},
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: car.id,
      status: 'CONFIRMED',
      confirmedAt: expect.any(String),
      coveredDays: 14,
    });
    // The 200 came from the real claims, whose policy answers the coverage only to a rental agent
    // acting through rental: a token identity exchanged from heidi's (sub heidi, act.sub rental,
    // bound to rental's certificate, scope claims:coverage). Heidi's own party token is refused.
    const direct = await httpCall(
      neighbours.claims().url,
      'GET',
      `/claims/${car.claim_id}/coverage`,
      {
        tls: neighbours.pki.workloads.rental,
        token: await token(HEIDI),
      },
    );
    expect(direct.status).toBe(401);
    const envelope = await rentalEvent(car.id, 'RentalConfirmed');
    expect(envelope).toMatchObject({
      source: 'rental',
      subject: car.id,
      actor: { sub: `sub-${HEIDI.id}`, party: HEIDI },
      correlationId: answer.headers.get('x-correlation-id'),
    });
    expect(RentalConfirmedV1Schema.parse(envelope.data)).toEqual({
      reservationId: car.id,
      claimId: car.claim_id,
      agencyId: 'R-01',
    });
  });

  it('answers a second confirm 409 RENTAL.ILLEGAL_TRANSITION and publishes nothing more', async () => {
    expectError(
      await post(svc, `/rental/reservations/${car.id}/confirm`, { token: await token(HEIDI) }),
      409,
      'RENTAL.ILLEGAL_TRANSITION',
    );
    expect(rentalEvents(car.id).filter((e) => e.type === 'RentalConfirmed')).toHaveLength(1);
  });

  it('closes the confirmed reservation on RepairCompleted and publishes RentalClosed', async () => {
    const repair = repairCompleted(car.claim_id);
    await completeRepair(repair);

    const envelope = await rentalEvent(car.id, 'RentalClosed');
    expect(envelope).toMatchObject({
      source: 'rental',
      subject: car.id,
      correlationId: repair.correlationId,
      causationId: repair.id,
    });
    expect(RentalClosedV1Schema.parse(envelope.data)).toEqual({
      reservationId: car.id,
      claimId: car.claim_id,
      agencyId: 'R-01',
    });
    const read = await get(svc, `/rental/reservations/${car.id}`, { token: await token(ALICE) });
    expect(read.body).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String) });
  });

  it('answers confirm on a closed reservation 409', async () => {
    expectError(
      await post(svc, `/rental/reservations/${car.id}/confirm`, { token: await token(HEIDI) }),
      409,
      'RENTAL.ILLEGAL_TRANSITION',
    );
  });

  it('changes nothing for a RepairCompleted replayed under a new event id', async () => {
    const replay = repairCompleted(car.claim_id);
    await completeRepair(replay);
    await eventually(async () => ((await inboxHas(replay.id)) ? true : undefined));
    expect(rentalEvents(car.id).filter((e) => e.type === 'RentalClosed')).toHaveLength(1);
    expect(await reservationFor(car.claim_id)).toMatchObject({ status: 'CLOSED' });
  });
});

describe('rental service: RepairCompleted', () => {
  it('closes a REQUESTED reservation too', async () => {
    const car = await reserved();
    await completeRepair(repairCompleted(car.claim_id));
    await rentalEvent(car.id, 'RentalClosed');
    expect(await reservationFor(car.claim_id)).toMatchObject({ status: 'CLOSED' });
  });

  it('acknowledges a RepairCompleted for a claim without a reservation, changing nothing', async () => {
    const claimId = randomUUID();
    const repair = repairCompleted(claimId);
    await completeRepair(repair);
    await eventually(async () => ((await inboxHas(repair.id)) ? true : undefined));
    expect(await reservationCount(claimId)).toBe(0);
  });

  it('dead-letters a RepairCompleted signed with claims’ key under source repair', async () => {
    const car = await reserved();
    const key = randomUUID();
    const forged = repairCompleted(car.claim_id);
    await publish(TOPICS.repair, forged, 'claims', key);

    const dead = await deadLetter(TOPICS.repair, key);
    expect(dead.headers['dlq-reason']).toBe("event is not signed with repair's key");
    expect(await reservationFor(car.claim_id)).toMatchObject({ status: 'REQUESTED' });
  });
});

describe('rental service: a state no agency serves', () => {
  it('reserves without agency; alice reads it, heidi neither reads nor confirms it', async () => {
    const car = await reserved({ location: { city: 'Fresno', state: 'CA', postalCode: '93721' } });
    expect(car).toMatchObject({ agency_id: null, status: 'REQUESTED' });

    const read = await get(svc, `/rental/reservations/${car.id}`, { token: await token(ALICE) });
    expect(read.body).toMatchObject({ agencyId: null, pickup: { city: 'Fresno', state: 'CA' } });
    const heidi = await token(HEIDI);
    for (const answer of [
      await get(svc, `/rental/reservations/${car.id}`, { token: heidi }),
      await post(svc, `/rental/reservations/${car.id}/confirm`, { token: heidi }),
    ]) {
      expectError(answer, 404, 'RENTAL.RESERVATION_NOT_FOUND');
    }
  });
});

describe('rental service: tokens, scopes and platform routes', () => {
  it('answers 401 AUTH.TOKEN_MISSING without a token', async () => {
    expectError(await get(svc, '/rental/reservations'), 401, 'AUTH.TOKEN_MISSING');
  });

  it("refuses a tow operator's towing token (another audience) with 401", async () => {
    expectError(
      await get(svc, '/rental/reservations', {
        token: await token(DAVE, 'towing:read towing:write', 'towing'),
      }),
      401,
      'AUTH.TOKEN_INVALID',
    );
  });

  it('refuses a tow operator even with a rental token: list 403 by policy, read and confirm 404', async () => {
    const car = await reserved();
    const dave = await token(DAVE);
    const list = await get(svc, '/rental/reservations', { token: dave });
    expectError(list, 403, 'AUTHZ.FORBIDDEN');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.denied',
        defense: 'bfla',
        party: DAVE,
        correlationId: list.body.correlationId,
      }),
    );
    expectError(
      await get(svc, `/rental/reservations/${car.id}`, { token: dave }),
      404,
      'RENTAL.RESERVATION_NOT_FOUND',
    );
    expectError(
      await post(svc, `/rental/reservations/${car.id}/confirm`, { token: dave }),
      404,
      'RENTAL.RESERVATION_NOT_FOUND',
    );
  });

  it('serves /healthz and the route manifest without a token', async () => {
    expect(await get(svc, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const manifest = await get(svc, '/.well-known/route-manifest');
    expect(manifest.status).toBe(200);
    expect(manifest.body).toEqual(RENTAL_ROUTE_MANIFEST);
    expect(manifest.body).toMatchObject({ service: 'rental', version: 1 });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const answer = await get(svc, '/rental/cars', { token: await token(HEIDI) });
    expect(answer.status).toBe(404);
    expect(ErrorBodySchema.parse(answer.body).code).toBe('GATEWAY.ROUTE_NOT_FOUND');
  });
});

describe('rental service: training switches prove the bola and event-signing defenses are real', () => {
  let car: ReservationRow;
  let training: Running;

  beforeAll(async () => {
    car = await reserved();
    // Same database and consumer group, one app at a time: the training app takes over.
    await svc.close();
    training = await boot('bola,event-signing');
  });

  it("lets bob read alice's reservation when bola is off, and audits that the training rule allowed it", async () => {
    const read = await get(training, `/rental/reservations/${car.id}`, {
      token: await token(BOB),
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: car.id, claimId: car.claim_id });
    expect(training.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.allowed',
        defense: 'bola',
        party: BOB,
        resource: `reservation:${car.id}`,
        reason: 'allowed by training-bola-off-any-member-or-agent-reads-any-reservation',
      }),
    );
  });

  it("still keeps alice's reservation out of bob's list, and bob still cannot confirm", async () => {
    const list = await get(training, '/rental/reservations', { token: await token(BOB) });
    expect((list.body.items as { id: string }[]).map((r) => r.id)).not.toContain(car.id);
    expectError(
      await post(training, `/rental/reservations/${car.id}/confirm`, {
        token: await token(OTHER_AGENT),
      }),
      403,
      'AUTHZ.FORBIDDEN',
    );
  });

  it('reserves from an unsigned ClaimFiled when event-signing is off (dead-lettered with it on)', async () => {
    const unsigned = claimFiled();
    await publish(TOPICS.claims, unsigned, null);
    expect(await eventually(() => reservationFor(unsigned.data.claimId))).toMatchObject({
      member_id: ALICE.id,
      agency_id: 'R-01',
    });
  });
});
