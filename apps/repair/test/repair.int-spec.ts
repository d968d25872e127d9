import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dlqTopic,
  EstimateSubmittedV1Schema,
  EventEnvelopeSchema,
  RepairCompletedV1Schema,
  RepairOrderOpenedV1Schema,
  TOPICS,
  type ClaimApprovedV1,
  type ClaimDeniedV1,
  type EventEnvelope,
  type Party,
  type Topic,
  type VehicleDeliveredV1,
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
  type HttpCallOptions,
  type ServiceRows,
  type TokenIssuer,
} from '@claimguard/testing';
import { createRepairApp } from '../src/app.js';
import { loadRepairConfig } from '../src/config.js';
import { RepairEventsConsumer } from '../src/repair/interface/repair-events.consumer.js';
import { REPAIR_ROUTE_MANIFEST } from '../src/route-manifest.js';

const DB = 'claimguard_it_repair';
/**
 * The broker is shared by every integration file of a run (and keeps what earlier files
 * produced); a consumer group of our own makes this file read `towing.events.v1` and
 * `claims.events.v1` from the start without inheriting anybody's offsets. Assertions therefore look
 * at this file's claims and message keys, never at totals.
 */
const GROUP = `repair-it-${randomUUID()}`;
const FRANK: Party = { kind: 'repair_shop', id: 'S-01' };
const GRACE: Party = { kind: 'repair_shop', id: 'S-02' };
const ALICE: Party = { kind: 'member', id: 'M-100001' };
const DAVE: Party = { kind: 'tow_operator', id: 'T-01' };
const CAROL: Party = { kind: 'adjuster', id: 'E-2001' };
const LINES = [
  { description: 'Front bumper cover', amountCents: 48_000 },
  { description: 'Paint and blend', amountCents: 32_550 },
];

interface OrderRow {
  id: string;
  claim_id: string;
  shop_id: string;
  status: string;
  total_cents: number;
  payout_cents: number | null;
}

let databaseUrl: string;
let issuer: TokenIssuer;
let rows: ServiceRows;
/** The broker connection and the trust store the service reads producers' public keys from. */
let bus: EventBus;
let seen: MessageCollector;

/** One repair app at a time on this file's database and consumer group (defenses as given). */
const services = serviceSet((defensesOff?: string) =>
  bootService({
    create: createRepairApp,
    loadConfig: loadRepairConfig,
    log: createLogger('repair', 'silent'),
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

const call = (target: Running, method: string, path: string, options?: HttpCallOptions) =>
  httpCall(target.url, method, path, options);

/** A party token for repair; shops get both repair scopes unless a test narrows them. */
function token(party: Party, scope = 'repair:read repair:write'): Promise<string> {
  return issuer.mint({ aud: 'repair', party, scope, sub: `sub-${party.id}` });
}

/** `VehicleDelivered` exactly as towing's outbox relay would publish it (subject: the tow job). */
function vehicleDelivered(
  overrides: Partial<VehicleDeliveredV1> = {},
): EventEnvelope<VehicleDeliveredV1> {
  const data: VehicleDeliveredV1 = {
    jobId: randomUUID(),
    claimId: randomUUID(),
    companyId: 'T-01',
    shopId: 'S-01',
    ...overrides,
  };
  return createEnvelope({
    type: 'VehicleDelivered',
    version: 1,
    source: 'towing',
    subject: data.jobId,
    data,
    actor: { sub: `sub-${DAVE.id}`, party: DAVE },
    correlationId: randomUUID(),
  });
}

/** `ClaimApproved` / `ClaimDenied` exactly as claims would publish them (subject: the claim). */
function claimApproved(order: OrderRow, payoutCents = 75_000): EventEnvelope<ClaimApprovedV1> {
  return createEnvelope({
    type: 'ClaimApproved',
    version: 1,
    source: 'claims',
    subject: order.claim_id,
    data: { claimId: order.claim_id, orderId: order.id, adjusterId: CAROL.id, payoutCents },
    actor: { sub: `sub-${CAROL.id}`, party: CAROL },
    correlationId: randomUUID(),
  });
}

function claimDenied(order: OrderRow): EventEnvelope<ClaimDeniedV1> {
  return createEnvelope({
    type: 'ClaimDenied',
    version: 1,
    source: 'claims',
    subject: order.claim_id,
    data: {
      claimId: order.claim_id,
      orderId: order.id,
      adjusterId: CAROL.id,
      reason: 'Pre-existing damage',
    },
    actor: { sub: `sub-${CAROL.id}`, party: CAROL },
    correlationId: randomUUID(),
  });
}

/** Publishes as towing: signed with towing's key unless a test signs as another or not at all. */
const publishTowing = (envelope: EventEnvelope, signer: string = 'towing') =>
  signer === 'unsigned'
    ? bus.publishRaw(TOPICS.towing, envelope)
    : bus.publishAs(signer, TOPICS.towing, envelope);

/** Publishes as claims, signed with claims' key. */
const publishClaims = (envelope: EventEnvelope) => bus.publishAs('claims', TOPICS.claims, envelope);

const orderFor = (claimId: string) =>
  rows.one<OrderRow>(
    'SELECT id, claim_id, shop_id, status, total_cents, payout_cents FROM repair_orders WHERE claim_id = $1',
    [claimId],
  );
const orderCount = (claimId: string) => rows.count('repair_orders', { claim_id: claimId });
const inboxHas = (eventId: string) => rows.inboxHas(GROUP, eventId);

/** Waits until the order of `claimId` is in `status`. */
function orderInStatus(claimId: string, status: string): Promise<OrderRow> {
  return eventually(
    async () => {
      const order = await orderFor(claimId);
      return order?.status === status ? order : undefined;
    },
    30_000,
    `order of ${claimId} ${status}`,
  );
}

/** The DLQ message our consumer wrote for `key` on the dead-letter twin of `topic`. */
const dlqMessage = (topic: Topic, key: string) => seen.dlq(topic, key, GROUP);

/** The repair event of `type` published for `orderId`. */
async function repairEvent(orderId: string, type: string): Promise<EventEnvelope> {
  const message = await seen.waitFor(
    (m) => m.topic === TOPICS.repair && m.key === orderId && m.headers['event-type'] === type,
    `${type} for ${orderId}`,
  );
  return EventEnvelopeSchema.parse(JSON.parse(message.value));
}

/** Opens an order through a signed VehicleDelivered and waits for it. */
async function deliveredOrder(shopId = 'S-01'): Promise<OrderRow> {
  const delivered = vehicleDelivered({ shopId });
  await publishTowing(delivered);
  return eventually(() => orderFor(delivered.data.claimId), 30_000, 'the delivered order');
}

let svc: Running;

beforeAll(async () => {
  databaseUrl = await resetDatabase(DB);
  await migrateDatabase(appDir('repair'), databaseUrl);
  rows = serviceRows(databaseUrl);
  issuer = await createTokenIssuer();
  // Towing and claims "start" here: their keys are in the trust store before repair boots.
  bus = await eventBus({
    brokers: process.env.KAFKA_BROKERS ?? '',
    clientId: 'repair-it',
    signers: ['towing', 'claims'],
  });
  seen = await bus.collect([TOPICS.repair, dlqTopic(TOPICS.towing), dlqTopic(TOPICS.claims)]);
  svc = await boot();
});

afterAll(async () => {
  await services.closeAll();
  await bus?.close();
  await rows?.close();
  await issuer?.close();
});

describe('repair service: a repair order from VehicleDelivered', () => {
  const delivered = vehicleDelivered();
  let order: OrderRow;

  beforeAll(async () => {
    await publishTowing(delivered);
    order = await eventually(() => orderFor(delivered.data.claimId));
  });

  it('opens an OPEN order for the shop the car was delivered to (S-01)', () => {
    expect(order).toMatchObject({
      claim_id: delivered.data.claimId,
      shop_id: 'S-01',
      status: 'OPEN',
      total_cents: 0,
      payout_cents: null,
    });
  });

  it('publishes RepairOrderOpened on repair.events.v1, keyed by the order id and caused by the delivery', async () => {
    const envelope = await repairEvent(order.id, 'RepairOrderOpened');
    expect(envelope).toMatchObject({
      type: 'RepairOrderOpened',
      version: 1,
      source: 'repair',
      subject: order.id,
      correlationId: delivered.correlationId,
      causationId: delivered.id,
    });
    expect(RepairOrderOpenedV1Schema.parse(envelope.data)).toEqual({
      orderId: order.id,
      claimId: delivered.data.claimId,
      shopId: 'S-01',
    });
  });

  it('opens exactly one order when the same envelope is delivered twice', async () => {
    const consumer = svc.app.get(RepairEventsConsumer);
    const duplicatesBefore = consumer.stats.duplicates;
    await publishTowing(delivered);
    await eventually(() => (consumer.stats.duplicates > duplicatesBefore ? true : undefined));
    expect(await orderCount(delivered.data.claimId)).toBe(1);
  });

  it('changes nothing on a second delivery of the same claim under a new event id, even to another shop', async () => {
    const again = vehicleDelivered({ claimId: delivered.data.claimId, shopId: 'S-02' });
    await publishTowing(again);
    await eventually(() => inboxHas(again.id).then((has) => (has ? true : undefined)));
    expect(await orderCount(delivered.data.claimId)).toBe(1);
    expect(await orderFor(delivered.data.claimId)).toMatchObject({ id: order.id, shop_id: 'S-01' });
  });

  it("lets frank read his shop's order as the repair order DTO, and lists it", async () => {
    const read = await call(svc, 'GET', `/repair/orders/${order.id}`, {
      token: await token(FRANK),
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      id: order.id,
      claimId: delivered.data.claimId,
      shopId: 'S-01',
      status: 'OPEN',
      lineItems: [],
      totalCents: 0,
      payoutCents: null,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    const list = await call(svc, 'GET', '/repair/orders', { token: await token(FRANK) });
    expect(list.status).toBe(200);
    const items = list.body.items as { id: string; shopId: string }[];
    expect(items.map((o) => o.id)).toContain(order.id);
    expect(new Set(items.map((o) => o.shopId))).toEqual(new Set(['S-01']));
  });

  it("answers grace 404 REPAIR.ORDER_NOT_FOUND for frank's order, with a bola audit line, and keeps it out of her list", async () => {
    const read = await call(svc, 'GET', `/repair/orders/${order.id}`, {
      token: await token(GRACE),
    });
    expectError(read, 404, 'REPAIR.ORDER_NOT_FOUND');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.denied',
        defense: 'bola',
        resource: `repair-order:${order.id}`,
        party: GRACE,
        correlationId: read.body.correlationId,
      }),
    );
    const list = await call(svc, 'GET', '/repair/orders', { token: await token(GRACE) });
    expect((list.body.items as { id: string }[]).map((o) => o.id)).not.toContain(order.id);
  });

  it('answers the same 404 for an unknown id and for a malformed id', async () => {
    const frank = await token(FRANK);
    for (const id of [randomUUID(), '1', "'%20OR%201=1--"]) {
      expectError(
        await call(svc, 'GET', `/repair/orders/${id}`, { token: frank }),
        404,
        'REPAIR.ORDER_NOT_FOUND',
      );
    }
  });
});

describe('repair service: events it refuses go to the DLQ with the reason', () => {
  it('dead-letters a VehicleDelivered for a shop that is not a partner, and opens no order', async () => {
    const unknown = vehicleDelivered({ shopId: 'S-99' });
    await publishTowing(unknown);
    const dead = await dlqMessage(TOPICS.towing, unknown.subject);
    expect(dead.headers['dlq-reason']).toBe('VehicleDelivered names a shop that is not a partner');
    expect(await orderCount(unknown.data.claimId)).toBe(0);
  });

  it('dead-letters an unsigned VehicleDelivered (defense event-signing) and audits it', async () => {
    const unsigned = vehicleDelivered();
    await publishTowing(unsigned, 'unsigned');
    const dead = await dlqMessage(TOPICS.towing, unsigned.subject);
    expect(dead.headers).toMatchObject({
      'dlq-reason': 'event is not signed',
      'dlq-consumer': GROUP,
      'dlq-source-topic': TOPICS.towing,
    });
    expect(await orderCount(unsigned.data.claimId)).toBe(0);
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'event.rejected',
        defense: 'event-signing',
        resource: `${TOPICS.towing}/${unsigned.id} (VehicleDelivered)`,
        correlationId: unsigned.correlationId,
        reason: 'event is not signed',
      }),
    );
  });

  it("dead-letters a VehicleDelivered signed with another service's key (a compromised claims posing as towing)", async () => {
    const forged = vehicleDelivered();
    await publishTowing(forged, 'claims');
    const dead = await dlqMessage(TOPICS.towing, forged.subject);
    expect(dead.headers['dlq-reason']).toBe("event is not signed with towing's key");
    expect(await orderCount(forged.data.claimId)).toBe(0);
  });

  it("dead-letters a ClaimApproved whose source is not 'claims'", async () => {
    const order = await deliveredOrder();
    const forged = { ...claimApproved(order), source: 'towing' };
    await bus.publishAs('towing', TOPICS.towing, forged);
    const dead = await dlqMessage(TOPICS.towing, forged.subject);
    expect(dead.headers['dlq-reason']).toBe('source towing may not emit ClaimApproved');
    expect((await orderFor(order.claim_id))?.status).toBe('OPEN');
  });

  it('dead-letters a ClaimApproved for an order that has no estimate yet: no legal move explains it', async () => {
    const order = await deliveredOrder();
    const early = claimApproved(order);
    await publishClaims(early);
    const dead = await dlqMessage(TOPICS.claims, early.subject);
    expect(dead.headers['dlq-reason']).toBe('ClaimApproved for a repair order that is OPEN');
    expect(await orderFor(order.claim_id)).toMatchObject({ status: 'OPEN', payout_cents: null });
  });
});

describe('repair service: estimate, approval and completion', () => {
  let order: OrderRow;

  beforeAll(async () => {
    order = await deliveredOrder();
  });

  it('rejects unknown body fields with 400 REQUEST.VALIDATION_FAILED and changes nothing', async () => {
    const frank = await token(FRANK);
    for (const body of [
      { lineItems: LINES, totalCents: 1 },
      { lineItems: LINES, status: 'APPROVED' },
      { lineItems: [{ ...LINES[0], approved: true }] },
      { lineItems: [] },
      { lineItems: [{ description: 'Hood', amountCents: 10.5 }] },
      {},
    ]) {
      const answer = await call(svc, 'POST', `/repair/orders/${order.id}/estimate`, {
        token: frank,
        body,
      });
      expectError(answer, 400, 'REQUEST.VALIDATION_FAILED');
    }
    const withExtra = await call(svc, 'POST', `/repair/orders/${order.id}/estimate`, {
      token: frank,
      body: { lineItems: LINES, shopId: 'S-02' },
    });
    expect(withExtra.body.details).toEqual([
      { path: '(body)', message: 'unknown field(s): shopId' },
    ]);
    expect((await orderFor(order.claim_id))?.status).toBe('OPEN');
  });

  it("answers grace 404 when she estimates frank's order, and audits the bola denial", async () => {
    const answer = await call(svc, 'POST', `/repair/orders/${order.id}/estimate`, {
      token: await token(GRACE),
      body: { lineItems: LINES },
    });
    expectError(answer, 404, 'REPAIR.ORDER_NOT_FOUND');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.denied',
        defense: 'bola',
        party: GRACE,
        correlationId: answer.body.correlationId,
      }),
    );
    expect((await orderFor(order.claim_id))?.status).toBe('OPEN');
  });

  it("takes frank's estimate with a total computed by the service and publishes EstimateSubmitted", async () => {
    const answer = await call(svc, 'POST', `/repair/orders/${order.id}/estimate`, {
      token: await token(FRANK),
      body: { lineItems: LINES },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: order.id,
      status: 'ESTIMATE_SUBMITTED',
      lineItems: LINES,
      totalCents: 80_550,
      payoutCents: null,
    });
    const envelope = await repairEvent(order.id, 'EstimateSubmitted');
    expect(envelope).toMatchObject({
      source: 'repair',
      subject: order.id,
      correlationId: answer.headers.get('x-correlation-id'),
      actor: { sub: `sub-${FRANK.id}`, party: FRANK },
    });
    expect(EstimateSubmittedV1Schema.parse(envelope.data)).toEqual({
      orderId: order.id,
      claimId: order.claim_id,
      shopId: 'S-01',
      lineItems: LINES,
      totalCents: 80_550,
    });
  });

  it('refuses a second estimate with 409 REPAIR.ILLEGAL_TRANSITION', async () => {
    const answer = await call(svc, 'POST', `/repair/orders/${order.id}/estimate`, {
      token: await token(FRANK),
      body: { lineItems: [{ description: 'Cheaper', amountCents: 1 }] },
    });
    expectError(answer, 409, 'REPAIR.ILLEGAL_TRANSITION');
    expect((await orderFor(order.claim_id))?.total_cents).toBe(80_550);
  });

  it('refuses to complete before the approval with 409 REPAIR.ILLEGAL_TRANSITION', async () => {
    const answer = await call(svc, 'POST', `/repair/orders/${order.id}/complete`, {
      token: await token(FRANK),
    });
    expectError(answer, 409, 'REPAIR.ILLEGAL_TRANSITION');
  });

  it('moves the order to APPROVED with the payout on ClaimApproved', async () => {
    await publishClaims(claimApproved(order, 75_000));
    expect(await orderInStatus(order.claim_id, 'APPROVED')).toMatchObject({ payout_cents: 75_000 });
  });

  it('changes nothing on a replayed ClaimApproved under a new event id (no DLQ, inbox row)', async () => {
    const replay = claimApproved(order, 1);
    await publishClaims(replay);
    await eventually(() => inboxHas(replay.id).then((has) => (has ? true : undefined)));
    expect(await orderFor(order.claim_id)).toMatchObject({
      status: 'APPROVED',
      payout_cents: 75_000,
    });
  });

  it('refuses a body on complete, then completes the approved repair and publishes RepairCompleted', async () => {
    const frank = await token(FRANK);
    expectError(
      await call(svc, 'POST', `/repair/orders/${order.id}/complete`, {
        token: frank,
        body: { payoutCents: 999_999 },
      }),
      400,
      'REQUEST.VALIDATION_FAILED',
    );
    const answer = await call(svc, 'POST', `/repair/orders/${order.id}/complete`, { token: frank });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'COMPLETED', payoutCents: 75_000 });
    const envelope = await repairEvent(order.id, 'RepairCompleted');
    expect(RepairCompletedV1Schema.parse(envelope.data)).toEqual({
      orderId: order.id,
      claimId: order.claim_id,
      shopId: 'S-01',
    });
    expectError(
      await call(svc, 'POST', `/repair/orders/${order.id}/complete`, { token: frank }),
      409,
      'REPAIR.ILLEGAL_TRANSITION',
    );
  });

  it('moves an estimated order to DENIED on ClaimDenied, after which an approval is dead-lettered', async () => {
    const other = await deliveredOrder();
    const frank = await token(FRANK);
    await call(svc, 'POST', `/repair/orders/${other.id}/estimate`, {
      token: frank,
      body: { lineItems: LINES },
    });
    await publishClaims(claimDenied(other));
    await orderInStatus(other.claim_id, 'DENIED');

    const late = claimApproved(other);
    await publishClaims(late);
    const dead = await dlqMessage(TOPICS.claims, late.subject);
    expect(dead.headers['dlq-reason']).toBe('ClaimApproved for a repair order that is DENIED');
    expectError(
      await call(svc, 'POST', `/repair/orders/${other.id}/complete`, { token: frank }),
      409,
      'REPAIR.ILLEGAL_TRANSITION',
    );
  });
});

describe('repair service: tokens, scopes, party kinds and platform routes', () => {
  let order: OrderRow;

  beforeAll(async () => {
    order = await deliveredOrder();
  });

  it('answers 401 AUTH.TOKEN_MISSING without a token', async () => {
    expectError(await call(svc, 'GET', '/repair/orders'), 401, 'AUTH.TOKEN_MISSING');
  });

  it('refuses a token minted for another service (audience towing)', async () => {
    const towingToken = await issuer.mint({ aud: 'towing', party: FRANK, scope: 'repair:read' });
    expectError(
      await call(svc, 'GET', '/repair/orders', { token: towingToken }),
      401,
      'AUTH.TOKEN_INVALID',
    );
  });

  it('answers 403 AUTH.INSUFFICIENT_SCOPE to a shop estimating with only repair:read', async () => {
    expectError(
      await call(svc, 'POST', `/repair/orders/${order.id}/estimate`, {
        token: await token(FRANK, 'repair:read'),
        body: { lineItems: LINES },
      }),
      403,
      'AUTH.INSUFFICIENT_SCOPE',
    );
  });

  it('refuses a member, a tow operator and an adjuster by policy, even with repair scopes, with audit lines', async () => {
    for (const party of [ALICE, DAVE, CAROL]) {
      const t = await token(party);
      const list = await call(svc, 'GET', '/repair/orders', { token: t });
      expectError(list, 403, 'AUTHZ.FORBIDDEN');
      expect(svc.audits()).toContainEqual(
        expect.objectContaining({ action: 'authz.denied', defense: 'bfla', party }),
      );
      expectError(
        await call(svc, 'GET', `/repair/orders/${order.id}`, { token: t }),
        404,
        'REPAIR.ORDER_NOT_FOUND',
      );
      expectError(
        await call(svc, 'POST', `/repair/orders/${order.id}/estimate`, {
          token: t,
          body: { lineItems: LINES },
        }),
        404,
        'REPAIR.ORDER_NOT_FOUND',
      );
    }
    expect((await orderFor(order.claim_id))?.status).toBe('OPEN');
  });

  it('serves /healthz and the route manifest without a token', async () => {
    expect(await call(svc, 'GET', '/healthz')).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    const manifest = await call(svc, 'GET', '/.well-known/route-manifest');
    expect(manifest.status).toBe(200);
    expect(manifest.body).toEqual(REPAIR_ROUTE_MANIFEST);
    expect(manifest.body).toMatchObject({ service: 'repair', version: 1 });
  });

  it('answers a method swap and an unknown route with a JSON 404', async () => {
    const frank = await token(FRANK);
    for (const [method, path] of [
      ['DELETE', `/repair/orders/${order.id}`],
      ['PUT', `/repair/orders/${order.id}/estimate`],
      ['GET', '/repair/shops'],
    ] as const) {
      const answer = await call(svc, method, path, { token: frank });
      expect(answer.status).toBe(404);
    }
  });
});

describe('repair service: training switches prove the bola and event-signing defenses are real', () => {
  let franks: OrderRow;
  let training: Running;

  beforeAll(async () => {
    franks = await deliveredOrder('S-01');
    // Same database and consumer group, one app at a time: the training app takes over.
    await svc.close();
    training = await boot('bola,event-signing');
  });

  it("lets grace read frank's order when bola is off, and audits that the training rule allowed it", async () => {
    const read = await call(training, 'GET', `/repair/orders/${franks.id}`, {
      token: await token(GRACE),
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: franks.id, shopId: 'S-01' });
    expect(training.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.allowed',
        defense: 'bola',
        party: GRACE,
        resource: `repair-order:${franks.id}`,
        reason: 'allowed by training-bola-off-any-repair-shop-reads-any-order',
      }),
    );
  });

  it("lets grace estimate frank's order when bola is off (the attack), still not list it", async () => {
    const answer = await call(training, 'POST', `/repair/orders/${franks.id}/estimate`, {
      token: await token(GRACE),
      body: { lineItems: LINES },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'ESTIMATE_SUBMITTED', shopId: 'S-01' });
    expect(training.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.allowed',
        defense: 'bola',
        reason: 'allowed by training-bola-off-any-repair-shop-works-any-order',
      }),
    );
    const list = await call(training, 'GET', '/repair/orders', { token: await token(GRACE) });
    expect((list.body.items as { id: string }[]).map((o) => o.id)).not.toContain(franks.id);
  });

  it('still refuses other party kinds with bola off', async () => {
    expectError(
      await call(training, 'GET', `/repair/orders/${franks.id}`, { token: await token(ALICE) }),
      404,
      'REPAIR.ORDER_NOT_FOUND',
    );
  });

  it('processes an unsigned VehicleDelivered when event-signing is off', async () => {
    const unsigned = vehicleDelivered({ shopId: 'S-02' });
    await publishTowing(unsigned, 'unsigned');
    expect(await eventually(() => orderFor(unsigned.data.claimId))).toMatchObject({
      shop_id: 'S-02',
      status: 'OPEN',
    });
  });
});
