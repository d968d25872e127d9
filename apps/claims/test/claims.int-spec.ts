import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACR_MFA,
  ACR_PASSWORD,
  ClaimFiledV1Schema,
  CORRELATION_HEADER,
  EventEnvelopeSchema,
  TOPICS,
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
  mintWith,
  resetDatabase,
  randomVin,
  serviceEnv,
  serviceRows,
  serviceSet,
  startMockBroker,
  type HttpAnswer,
  type HttpCallOptions,
  type MintOptions,
  type TokenIssuer,
} from '@claimguard/testing';
import { createClaimsApp } from '../src/app.js';
import { loadClaimsConfig } from '../src/config.js';
import { CLAIMS_ROUTE_MANIFEST } from '../src/route-manifest.js';

const DB = 'claimguard_it_claims';
const ALICE: Party = { kind: 'member', id: 'M-100001' };
const BOB: Party = { kind: 'member', id: 'M-100002' };
const CAROL: Party = { kind: 'adjuster', id: 'E-2001' };
const DAVE: Party = { kind: 'tow_operator', id: 'T-01' };
const IVAN: Party = { kind: 'service_rep', id: 'E-3001' };
const FRANK: Party = { kind: 'repair_shop', id: 'S-01' };
const GRACE: Party = { kind: 'repair_shop', id: 'S-02' };
const MEMBER_SCOPES = 'claims:read claims:write';

type Answer = HttpAnswer;

let databaseUrl: string;
let issuer: TokenIssuer;
/** The broker connection and the trust store of this test run: every service's signing key. */
let bus: EventBus;
let seen: MessageCollector;

/** Claims apps of this file; all run side by side, each with consumer groups of its own. */
const services = serviceSet(
  (
    defensesOff?: string,
    {
      kafkaBrokers = process.env.KAFKA_BROKERS,
      url = databaseUrl,
      env = {},
    }: { kafkaBrokers?: string; url?: string; env?: Record<string, string> } = {},
  ) =>
    bootService({
      create: createClaimsApp,
      loadConfig: loadClaimsConfig,
      log: createLogger('claims', process.env.IT_LOG_LEVEL ?? 'silent'),
      env: serviceEnv({
        databaseUrl: url,
        kafkaBrokers,
        issuer,
        keysDir: bus.keysDir,
        // Each app its own groups: one broker serves every app this file boots.
        consumerGroup: `claims-it-${randomUUID()}`,
        extra: { TIMELINE_CONSUMER_GROUP: `claims-it-timeline-${randomUUID()}`, ...env },
        defensesOff,
      }),
    }),
);
const boot = services.boot;
type Running = Awaited<ReturnType<typeof boot>>;

/** Calls the app under test (see libs/testing httpCall). */
const call = (target: Running, method: string, path: string, options?: HttpCallOptions) =>
  httpCall(target.url, method, path, options);

function token(
  party: Party,
  scope = MEMBER_SCOPES,
  extra: Partial<MintOptions> = {},
): Promise<string> {
  return issuer.mint({ aud: 'claims', party, scope, sub: `sub-${party.id}`, ...extra });
}

function claimBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    vehicle: { vin: randomVin(), make: 'Honda', model: 'Accord', year: 2019 },
    lossDate: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10),
    location: { street: '100 Main St', city: 'San Antonio', state: 'TX', postalCode: '78205' },
    description: 'Rear-ended at a red light on Commerce St.',
    needsTow: true,
    needsRental: false,
    ...overrides,
  };
}

/** The outbox row of a claim's event, read straight from the service's database. */
async function outboxRow(
  claimId: string,
  url = databaseUrl,
): Promise<{ event_type: string; published_at: Date | null } | undefined> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const result = await db.query<{ event_type: string; published_at: Date | null }>(
      'SELECT event_type, published_at FROM outbox_messages WHERE message_key = $1',
      [claimId],
    );
    return result.rows[0];
  } finally {
    await db.end();
  }
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodePart(jwt: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(
    Buffer.from(jwt.split('.')[index] ?? '', 'base64url').toString('utf8'),
  ) as Record<string, unknown>;
}

let svc: Running;

beforeAll(async () => {
  databaseUrl = await resetDatabase(DB);
  await migrateDatabase(appDir('claims'), databaseUrl);
  issuer = await createTokenIssuer();
  bus = await eventBus({ brokers: process.env.KAFKA_BROKERS ?? '', clientId: 'claims-it' });
  svc = await boot();
  seen = await bus.collect([TOPICS.claims]);
});

afterAll(async () => {
  await services.closeAll();
  await bus?.close();
  await issuer?.close();
});

describe('claims service: filing and reading', () => {
  let alicesClaim: Answer['body'];
  const correlationId = randomUUID();
  const filedBody = claimBody();

  beforeAll(async () => {
    const filed = await call(svc, 'POST', '/claims', {
      token: await token(ALICE),
      body: filedBody,
      headers: { [CORRELATION_HEADER]: correlationId },
    });
    expect(filed.status).toBe(201);
    alicesClaim = filed.body;
  });

  it('answers 201 with the claim DTO (no member id or other internal field) and its public Location', async () => {
    expect(alicesClaim).toEqual({
      id: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      status: 'FILED',
      ...filedBody,
      filedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      shopId: null,
      adjusterId: null,
      estimate: null,
      payoutCents: null,
      denialReason: null,
    });
    const again = await call(svc, 'POST', '/claims', {
      token: await token(ALICE),
      body: claimBody(),
    });
    expect(again.headers.get('location')).toBe(`/api/claims/${again.body.id}`);
    expect(again.body.id).not.toBe(alicesClaim.id);
  });

  it('lets alice read her claim', async () => {
    const read = await call(svc, 'GET', `/claims/${alicesClaim.id}`, {
      token: await token(ALICE, 'claims:read'),
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(alicesClaim);
  });

  it("lists alice's claims newest first", async () => {
    const newest = await call(svc, 'POST', '/claims', {
      token: await token(ALICE),
      body: claimBody({ description: 'Second loss', needsRental: true }),
    });
    const list = await call(svc, 'GET', '/claims', { token: await token(ALICE, 'claims:read') });
    expect(list.status).toBe(200);
    const ids = (list.body.items as { id: string }[]).map((c) => c.id);
    expect(ids).toContain(alicesClaim.id);
    expect(ids[0]).toBe(newest.body.id);
    expect(list.body.items[0]).not.toHaveProperty('memberId');
  });

  it("answers bob 404 CLAIMS.CLAIM_NOT_FOUND for alice's claim and writes a bola audit line", async () => {
    const read = await call(svc, 'GET', `/claims/${alicesClaim.id}`, {
      token: await token(BOB, 'claims:read'),
    });
    expectError(read, 404, 'CLAIMS.CLAIM_NOT_FOUND');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.denied',
        defense: 'bola',
        resource: `claim:${alicesClaim.id}`,
        party: BOB,
        correlationId: read.body.correlationId,
      }),
    );
  });

  it("gives bob an empty list: alice's claims are not his", async () => {
    const list = await call(svc, 'GET', '/claims', { token: await token(BOB, 'claims:read') });
    expect(list).toMatchObject({ status: 200, body: { items: [] } });
  });

  it('answers the same 404 for an unknown id and for a malformed id', async () => {
    const alice = await token(ALICE, 'claims:read');
    expectError(
      await call(svc, 'GET', `/claims/${randomUUID()}`, { token: alice }),
      404,
      'CLAIMS.CLAIM_NOT_FOUND',
    );
    expectError(
      await call(svc, 'GET', '/claims/1', { token: alice }),
      404,
      'CLAIMS.CLAIM_NOT_FOUND',
    );
    expectError(
      await call(svc, 'GET', "/claims/'%20OR%201=1--", { token: alice }),
      404,
      'CLAIMS.CLAIM_NOT_FOUND',
    );
  });

  it('publishes ClaimFiled on claims.events.v1 keyed by the claim id, in a valid envelope', async () => {
    const message = await eventually(() => seen.on(TOPICS.claims, alicesClaim.id)[0]);
    const envelope = EventEnvelopeSchema.parse(JSON.parse(message.value));
    expect(envelope).toMatchObject({
      type: 'ClaimFiled',
      version: 1,
      source: 'claims',
      subject: alicesClaim.id,
      correlationId,
      actor: { sub: `sub-${ALICE.id}`, party: ALICE },
    });
    expect(ClaimFiledV1Schema.parse(envelope.data)).toMatchObject({
      claimId: alicesClaim.id,
      memberId: ALICE.id,
      needsTow: true,
      lossDate: alicesClaim.lossDate,
    });
  });

  it('marks the outbox row published once the relay sent it', async () => {
    const row = await eventually(async () => {
      const found = await outboxRow(alicesClaim.id);
      return found?.published_at ? found : undefined;
    });
    expect(row.event_type).toBe('ClaimFiled');
  });
});

describe('claims service: business flows and outbound fetches', () => {
  it('answers 409 CLAIMS.DUPLICATE_CLAIM to a second claim for the same vehicle and loss date, audited', async () => {
    const body = claimBody();
    const first = await call(svc, 'POST', '/claims', { token: await token(ALICE), body });
    expect(first.status).toBe(201);
    const again = await call(svc, 'POST', '/claims', { token: await token(ALICE), body });
    expect(expectError(again, 409, 'CLAIMS.DUPLICATE_CLAIM').details).toEqual([
      { path: 'claimId', message: first.body.id },
    ]);
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({ action: 'authz.denied', defense: 'business-flow' }),
    );
    // Another member may report the same car (a second driver's own claim).
    const other: Party = { kind: 'member', id: 'M-100009' };
    const byOther = await call(svc, 'POST', '/claims', { token: await token(other), body });
    expect(byOther.status).toBe(201);
  });

  it('files only one of two identical claims sent at the same time', async () => {
    const body = claimBody();
    const answers = await Promise.all(
      [1, 2].map(async () => call(svc, 'POST', '/claims', { token: await token(ALICE), body })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  });

  it('refuses a photo URL on loopback with 422 CLAIMS.PHOTO_URL_REFUSED, audited as ssrf', async () => {
    const filed = await call(svc, 'POST', '/claims', {
      token: await token(ALICE),
      body: claimBody(),
    });
    for (const url of ['http://127.0.0.1:9/metrics', 'https://2130706433/', 'https://localhost/']) {
      const answer = await call(svc, 'POST', `/claims/${filed.body.id}/photos`, {
        token: await token(ALICE),
        body: { url },
      });
      expectError(answer, 422, 'CLAIMS.PHOTO_URL_REFUSED');
    }
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({ action: 'authz.denied', defense: 'ssrf' }),
    );
  });

  it('stores at most PHOTO_MAX_PER_CLAIM photos of eight attached at the same time: 409 for the rest', async () => {
    const photoServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.alloc(64));
    });
    await new Promise<void>((resolve) => photoServer.listen(0, '127.0.0.1', resolve));
    const photoUrl = `http://127.0.0.1:${(photoServer.address() as AddressInfo).port}/dent.jpg`;
    // ssrf off lets the loopback stand-in be fetched; the cap does not depend on that switch.
    const capped = await boot('ssrf', { env: { PHOTO_MAX_PER_CLAIM: '3' } });
    try {
      const filed = await call(capped, 'POST', '/claims', {
        token: await token(ALICE),
        body: claimBody(),
      });
      const answers = await Promise.all(
        Array.from({ length: 8 }, async () =>
          call(capped, 'POST', `/claims/${filed.body.id}/photos`, {
            token: await token(ALICE),
            body: { url: photoUrl },
          }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
      for (const refused of answers.filter((a) => a.status === 409)) {
        expectError(refused, 409, 'CLAIMS.PHOTO_LIMIT_REACHED');
      }
      const rows = serviceRows(databaseUrl);
      try {
        expect(await rows.count('claim_photos', { claim_id: filed.body.id })).toBe(3);
      } finally {
        await rows.close();
      }
    } finally {
      await capped.close();
      photoServer.close();
    }
  });

  it('keeps the rental days a member asked for, up to a year', async () => {
    const ok = await call(svc, 'POST', '/claims', {
      token: await token(ALICE),
      body: claimBody({ needsRental: true, rentalDays: 365 }),
    });
    expect(ok.status).toBe(201);
    const tooMany = await call(svc, 'POST', '/claims', {
      token: await token(ALICE),
      body: claimBody({ needsRental: true, rentalDays: 366 }),
    });
    expectError(tooMany, 400, 'REQUEST.VALIDATION_FAILED');
  });
});

describe('claims service: request bodies', () => {
  it.each(['memberId', 'status', 'id'])(
    'refuses a body carrying %s with 400 naming the field',
    async (field) => {
      const answer = await call(svc, 'POST', '/claims', {
        token: await token(BOB),
        body: claimBody({ [field]: field === 'memberId' ? ALICE.id : 'APPROVED' }),
      });
      const body = expectError(answer, 400, 'REQUEST.VALIDATION_FAILED');
      expect(JSON.stringify(body.details)).toContain(field);
      const list = await call(svc, 'GET', '/claims', { token: await token(BOB, 'claims:read') });
      expect(list.body.items).toEqual([]);
    },
  );

  it('refuses an unknown nested field and names its path', async () => {
    const body = claimBody({
      vehicle: {
        vin: '1HGCM82633A004352',
        make: 'Honda',
        model: 'Accord',
        year: 2019,
        color: 'red',
      },
    });
    const answer = await call(svc, 'POST', '/claims', { token: await token(ALICE), body });
    expect(expectError(answer, 400, 'REQUEST.VALIDATION_FAILED').details).toContainEqual({
      path: 'vehicle',
      message: 'unknown field(s): color',
    });
  });

  it('refuses a missing field and a malformed VIN with their paths', async () => {
    const { needsTow: _omitted, ...rest } = claimBody({
      vehicle: { vin: 'NOT-A-VIN', make: 'Honda', model: 'Accord', year: 2019 },
    });
    const answer = await call(svc, 'POST', '/claims', { token: await token(ALICE), body: rest });
    const paths = (
      expectError(answer, 400, 'REQUEST.VALIDATION_FAILED').details as { path: string }[]
    ).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['needsTow', 'vehicle.vin']));
  });

  it('answers 422 CLAIMS.CLAIM_RULE_VIOLATED for a loss date in the future or over a year ago', async () => {
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const old = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10);
    for (const lossDate of [future, old]) {
      const answer = await call(svc, 'POST', '/claims', {
        token: await token(ALICE),
        body: claimBody({ lossDate }),
      });
      expect(expectError(answer, 422, 'CLAIMS.CLAIM_RULE_VIOLATED').details).toEqual([
        { path: 'lossDate', message: expect.any(String) },
      ]);
    }
  });

  it('answers 400 REQUEST.MALFORMED for a body that is not JSON', async () => {
    const answer = await call(svc, 'POST', '/claims', {
      token: await token(ALICE),
      body: '{"vehicle":',
    });
    expectError(answer, 400, 'REQUEST.MALFORMED');
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const answer = await call(svc, 'POST', '/claims', {
      token: await token(ALICE),
      body: claimBody({ description: 'x'.repeat(1_100_000) }),
    });
    expectError(answer, 413, 'REQUEST.TOO_LARGE');
  });
});

describe('claims service: party tokens and scopes', () => {
  it('answers 401 AUTH.TOKEN_MISSING without a token', async () => {
    expectError(await call(svc, 'GET', '/claims'), 401, 'AUTH.TOKEN_MISSING');
    expectError(
      await call(svc, 'POST', '/claims', { body: claimBody() }),
      401,
      'AUTH.TOKEN_MISSING',
    );
  });

  it('refuses a token minted for towing (audience) and audits it as the jwt-audience defense', async () => {
    const answer = await call(svc, 'GET', '/claims', {
      token: await token(ALICE, 'claims:read', { aud: 'towing' }),
    });
    expectError(answer, 401, 'AUTH.TOKEN_INVALID');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'token.rejected',
        defense: 'jwt-audience',
        correlationId: answer.body.correlationId,
      }),
    );
  });

  it('refuses an unsigned alg "none" token', async () => {
    const real = await token(ALICE);
    const header = { ...decodePart(real, 0), alg: 'none' };
    const forged = `${b64url(header)}.${real.split('.')[1]}.`;
    expectError(await call(svc, 'GET', '/claims', { token: forged }), 401, 'AUTH.TOKEN_INVALID');
  });

  it('refuses an expired token', async () => {
    const expired = await token(ALICE, 'claims:read', { ttlSeconds: -30 });
    expectError(await call(svc, 'GET', '/claims', { token: expired }), 401, 'AUTH.TOKEN_INVALID');
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const real = await token(BOB, 'claims:read');
    const payload = { ...decodePart(real, 1), party: ALICE, sub: `sub-${ALICE.id}` };
    const [head, , signature] = real.split('.');
    expectError(
      await call(svc, 'GET', '/claims', { token: `${head}.${b64url(payload)}.${signature}` }),
      401,
      'AUTH.TOKEN_INVALID',
    );
  });

  it.each(['JWT', 'at+jwt', 'id_token'])(
    'refuses a token of type %s (only party+jwt)',
    async (typ) => {
      const answer = await call(svc, 'GET', '/claims', {
        token: await token(ALICE, 'claims:read', { typ }),
      });
      expectError(answer, 401, 'AUTH.TOKEN_INVALID');
    },
  );

  it('refuses a token signed by a key the gateway does not publish', async () => {
    const stranger = await createTokenIssuer(issuer.issuer);
    try {
      const foreign = await stranger.mint({ aud: 'claims', party: ALICE, scope: 'claims:read' });
      expectError(await call(svc, 'GET', '/claims', { token: foreign }), 401, 'AUTH.TOKEN_INVALID');
    } finally {
      await stranger.close();
    }
  });

  it("refuses a token signed by another key that claims the gateway's key id", async () => {
    const kid = String(decodePart(await token(ALICE), 0).kid);
    const { privateKey } = await crypto.subtle.generateKey(
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['sign', 'verify'],
    );
    const forged = await mintWith(privateKey, kid, issuer.issuer, {
      aud: 'claims',
      party: ALICE,
      scope: 'claims:read',
    });
    expectError(await call(svc, 'GET', '/claims', { token: forged }), 401, 'AUTH.TOKEN_INVALID');
  });

  it('refuses a token from another issuer', async () => {
    const answer = await call(svc, 'GET', '/claims', {
      token: await token(ALICE, 'claims:read', { iss: 'http://evil.example' }),
    });
    expectError(answer, 401, 'AUTH.TOKEN_INVALID');
  });

  it('answers 403 AUTH.INSUFFICIENT_SCOPE to a POST with claims:read only', async () => {
    const answer = await call(svc, 'POST', '/claims', {
      token: await token(ALICE, 'claims:read'),
      body: claimBody(),
    });
    expectError(answer, 403, 'AUTH.INSUFFICIENT_SCOPE');
  });

  it('answers 403 AUTHZ.FORBIDDEN when a non-member files a claim, by policy', async () => {
    const answer = await call(svc, 'POST', '/claims', {
      token: await token(CAROL),
      body: claimBody(),
    });
    expectError(answer, 403, 'AUTHZ.FORBIDDEN');
  });

  it('answers 403 AUTHZ.FORBIDDEN when a tow operator lists claims, by policy', async () => {
    const answer = await call(svc, 'GET', '/claims', { token: await token(DAVE, 'claims:read') });
    expectError(answer, 403, 'AUTHZ.FORBIDDEN');
  });
});

describe('claims service: the east-west coverage route (token exchange)', () => {
  it('refuses a party token, even one carrying claims:coverage, and lists the route internal', async () => {
    const filed = await call(svc, 'POST', '/claims', {
      token: await token(ALICE),
      body: claimBody({ needsRental: true }),
    });
    const path = `/claims/${(filed.body as { id: string }).id}/coverage`;
    const heidi: Party = { kind: 'rental_agent', id: 'R-01' };
    // A party token is never an exchanged token (typ, issuer), whatever its scope says.
    expectError(
      await call(svc, 'GET', path, { token: await token(heidi, 'claims:coverage') }),
      401,
      'AUTH.TOKEN_INVALID',
    );
    expectError(await call(svc, 'GET', path), 401, 'AUTH.TOKEN_MISSING');
    expect(CLAIMS_ROUTE_MANIFEST.routes).toContainEqual(
      expect.objectContaining({
        method: 'GET',
        path: '/claims/:id/coverage',
        callers: ['rental'],
        internal: true,
      }),
    );
  });
});

describe('claims service: platform routes', () => {
  it('serves /healthz and the route manifest without a token', async () => {
    expect(await call(svc, 'GET', '/healthz')).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    const manifest = await call(svc, 'GET', '/.well-known/route-manifest');
    expect(manifest).toMatchObject({ status: 200, body: CLAIMS_ROUTE_MANIFEST });
    expect(manifest.body.routes).toHaveLength(CLAIMS_ROUTE_MANIFEST.routes.length);
  });

  it('answers an unknown route or method with a JSON 404', async () => {
    expectError(
      await call(svc, 'DELETE', '/claims/x', { token: await token(ALICE) }),
      404,
      'GATEWAY.ROUTE_NOT_FOUND',
    );
  });

  it('keeps a valid correlation id from the gateway and replaces an invalid one', async () => {
    const id = randomUUID();
    const kept = await call(svc, 'GET', '/claims', { headers: { [CORRELATION_HEADER]: id } });
    expect(kept.body.correlationId).toBe(id);
    const replaced = await call(svc, 'GET', '/claims', {
      headers: { [CORRELATION_HEADER]: 'not-a-uuid; forged=1' },
    });
    expect(replaced.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('claims service: training switches prove the defenses are real', () => {
  it("lets bob read alice's claim when bola is off, and audits that the training rule allowed it", async () => {
    const filed = await call(svc, 'POST', '/claims', {
      token: await token(ALICE),
      body: claimBody(),
    });
    const bobsToken = await token(BOB, 'claims:read');
    expectError(
      await call(svc, 'GET', `/claims/${filed.body.id}`, { token: bobsToken }),
      404,
      'CLAIMS.CLAIM_NOT_FOUND',
    );

    const training = await boot('bola');
    const read = await call(training, 'GET', `/claims/${filed.body.id}`, { token: bobsToken });
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(filed.body.id);
    expect(training.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.allowed',
        defense: 'bola',
        resource: `claim:${filed.body.id}`,
      }),
    );
    expect(training.audits()).toContainEqual(expect.objectContaining({ action: 'defense.off' }));
  });

  it('accepts a towing-audience token when jwt-audience is off', async () => {
    const towingToken = await token(ALICE, 'claims:read', { aud: 'towing' });
    expectError(
      await call(svc, 'GET', '/claims', { token: towingToken }),
      401,
      'AUTH.TOKEN_INVALID',
    );

    const training = await boot('jwt-audience');
    const list = await call(training, 'GET', '/claims', { token: towingToken });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
  });
});

describe('claims service: the saga, driven by signed events', () => {
  const ORDER = randomUUID();

  beforeAll(async () => {
    await bus.signingKey('towing');
    await bus.signingKey('repair');
  });

  /** Publishes an event as `source` would: enveloped, signed with its key, on its topic. */
  async function emit(
    source: 'towing' | 'repair',
    type: string,
    data: Record<string, unknown>,
    options: { unsigned?: boolean } = {},
  ) {
    const envelope = createEnvelope({
      type,
      version: 1,
      source,
      subject: String(data.jobId ?? data.orderId),
      data,
      correlationId: randomUUID(),
    });
    const topic = source === 'towing' ? TOPICS.towing : TOPICS.repair;
    if (options.unsigned) await bus.publishRaw(topic, envelope);
    else await bus.publishAs(source, topic, envelope);
    return envelope;
  }

  async function statusOf(claimId: string): Promise<string> {
    const read = await call(svc, 'GET', `/claims/${claimId}`, {
      token: await token(ALICE, 'claims:read'),
    });
    return read.body.status as string;
  }
  const reaches = (claimId: string, status: string) =>
    eventually(async () => ((await statusOf(claimId)) === status ? true : undefined));

  /** Files alice's claim and walks it to ESTIMATE_SUBMITTED through towing's and repair's events. */
  async function claimAtEstimate(
    lineItems = [
      { description: 'Rear bumper cover', amountCents: 98_000 },
      { description: 'Refinish', amountCents: 40_000 },
    ],
  ): Promise<string> {
    const filed = await call(svc, 'POST', '/claims', {
      token: await token(ALICE),
      body: claimBody({ contactPhone: '+1-210-555-0101' }),
    });
    const claimId = filed.body.id as string;
    const jobId = randomUUID();
    await emit('towing', 'TowJobDispatched', { jobId, claimId, companyId: 'T-01' });
    await emit('towing', 'VehicleDelivered', { jobId, claimId, companyId: 'T-01', shopId: 'S-01' });
    await emit('repair', 'EstimateSubmitted', {
      orderId: ORDER,
      claimId,
      shopId: 'S-01',
      lineItems,
      totalCents: lineItems.reduce((sum, item) => sum + item.amountCents, 0),
    });
    await reaches(claimId, 'ESTIMATE_SUBMITTED');
    return claimId;
  }

  it('walks a claim from FILED to SETTLED and tells the whole story on its timeline', async () => {
    const claimId = await claimAtEstimate();
    const carol = await token(CAROL);
    const queue = await call(svc, 'GET', '/claims', { token: carol });
    expect((queue.body.items as { id: string }[]).map((c) => c.id)).toContain(claimId);
    const review = await call(svc, 'GET', `/claims/${claimId}`, { token: carol });
    expect(review.body).toMatchObject({
      adjusterId: 'E-2001',
      shopId: 'S-01',
      estimate: { orderId: ORDER, totalCents: 138_000 },
    });

    const approved = await call(svc, 'POST', `/claims/${claimId}/decision`, {
      token: carol,
      body: { decision: 'APPROVE', payoutCents: 138_000 },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', payoutCents: 138_000 });
    const twice = await call(svc, 'POST', `/claims/${claimId}/decision`, {
      token: carol,
      body: { decision: 'DENY', reason: 'second thoughts' },
    });
    expectError(twice, 409, 'CLAIMS.ILLEGAL_TRANSITION');

    await emit('repair', 'RepairCompleted', { orderId: ORDER, claimId, shopId: 'S-01' });
    await reaches(claimId, 'REPAIR_COMPLETED');
    const settled = await call(svc, 'POST', `/claims/${claimId}/settle`, { token: carol });
    expect(settled.body).toMatchObject({ status: 'SETTLED' });

    const published = await eventually(() => {
      const types = seen
        .on(TOPICS.claims, claimId)
        .map((m) => (JSON.parse(m.value) as { type: string }).type);
      return types.includes('ClaimSettled') ? types : undefined;
    });
    expect(published).toEqual(['ClaimFiled', 'ClaimAssigned', 'ClaimApproved', 'ClaimSettled']);

    const timeline = await eventually(async () => {
      const answer = await call(svc, 'GET', `/claims/${claimId}/timeline`, {
        token: await token(ALICE, 'claims:read'),
      });
      return (answer.body.items as { type: string }[] | undefined)?.some(
        (e) => e.type === 'ClaimSettled',
      )
        ? answer.body
        : undefined;
    });
    expect(timeline.status).toBe('SETTLED');
    const types = (timeline.items as { type: string }[]).map((e) => e.type);
    // Eight steps of the story in the order they happened (ClaimAssigned follows the estimate).
    expect(types).toEqual([
      'ClaimFiled',
      'TowJobDispatched',
      'VehicleDelivered',
      'EstimateSubmitted',
      'ClaimAssigned',
      'ClaimApproved',
      'RepairCompleted',
      'ClaimSettled',
    ]);
  });

  it('rebuilds a lost timeline from the topics under a new consumer group', async () => {
    const claimId = await claimAtEstimate();
    const timelineOf = async (target: Running) =>
      (
        await call(target, 'GET', `/claims/${claimId}/timeline`, {
          token: await token(ALICE, 'claims:read'),
        })
      ).body.items as { eventId: string; type: string }[];
    // The projection reads four topics at once: wait until every one of the five events is on it.
    const story = [
      'ClaimFiled',
      'TowJobDispatched',
      'VehicleDelivered',
      'EstimateSubmitted',
      'ClaimAssigned',
    ];
    const whole = (items: { type: string }[]) =>
      items.length === story.length && story.every((type) => items.some((e) => e.type === type));
    const original = await eventually(async () => {
      const items = await timelineOf(svc);
      return whole(items) ? items : undefined;
    });
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query('DELETE FROM timeline_entries WHERE claim_id = $1', [claimId]);
    await db.end();
    expect(await timelineOf(svc)).toEqual([]);
    // A fresh group id reads every topic from the beginning: the read model comes back whole.
    const rebuilt = await boot();
    const again = await eventually(async () => {
      const items = await timelineOf(rebuilt);
      return whole(items) ? items : undefined;
    });
    // Same entries in the same order, although the rebuild consumed the topics in its own order.
    expect(again).toEqual(original);
  });

  it('lets neither the member nor the service rep decide, and the rep reads the status redacted', async () => {
    const claimId = await claimAtEstimate();
    const byAlice = await call(svc, 'POST', `/claims/${claimId}/decision`, {
      token: await token(ALICE),
      body: { decision: 'APPROVE', payoutCents: 138_000 },
    });
    expectError(byAlice, 403, 'AUTHZ.FORBIDDEN');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'authz.denied',
        defense: 'bfla',
        resource: `claim:${claimId}`,
      }),
    );
    const byIvan = await call(svc, 'POST', `/claims/${claimId}/decision`, {
      token: await token(IVAN, 'claims:read'),
      body: { decision: 'APPROVE', payoutCents: 1 },
    });
    expectError(byIvan, 403, 'AUTH.INSUFFICIENT_SCOPE');
    const read = await call(svc, 'GET', `/claims/${claimId}`, {
      token: await token(IVAN, 'claims:read'),
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ status: 'ESTIMATE_SUBMITTED', redacted: true });
    const mine = await call(svc, 'GET', `/claims/${claimId}`, {
      token: await token(ALICE, 'claims:read'),
    });
    expect(JSON.stringify(read.body)).not.toContain(mine.body.vehicle.vin as string);
    expect(JSON.stringify(read.body)).not.toMatch(/Commerce|555-0101|M-10000/);
    expect(await statusOf(claimId)).toBe('ESTIMATE_SUBMITTED');
  });

  it('approves a payout over $5,000 only with an MFA login of the last 300 s (step-up)', async () => {
    const claimId = await claimAtEstimate([
      { description: 'Frame straightening', amountCents: 450_000 },
      { description: 'Quarter panel, replace', amountCents: 250_000 },
    ]);
    const now = Math.floor(Date.now() / 1000);
    const approve = (extra: Record<string, unknown>) =>
      token(CAROL, MEMBER_SCOPES, { extra }).then((t) =>
        call(svc, 'POST', `/claims/${claimId}/decision`, {
          token: t,
          body: { decision: 'APPROVE', payoutCents: 600_000 },
        }),
      );
    const passwordOnly = await approve({ acr: ACR_PASSWORD, amr: ['pwd'], auth_time: now - 5 });
    expectError(passwordOnly, 401, 'AUTH.STEP_UP_REQUIRED');
    expect(passwordOnly.body.details).toEqual([
      { path: 'acr_values', message: ACR_MFA },
      { path: 'max_age', message: '300' },
    ]);
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({ action: 'authz.denied', defense: 'step-up' }),
    );
    const staleMfa = await approve({ acr: ACR_MFA, amr: ['pwd', 'otp'], auth_time: now - 400 });
    expectError(staleMfa, 401, 'AUTH.STEP_UP_REQUIRED');
    expect(await statusOf(claimId)).toBe('ESTIMATE_SUBMITTED');
    const recentMfa = await approve({ acr: ACR_MFA, amr: ['pwd', 'otp'], auth_time: now - 5 });
    expect(recentMfa.status).toBe(200);
    expect(recentMfa.body).toMatchObject({ status: 'APPROVED', payoutCents: 600_000 });
  });

  it('refuses mass assignment of status, payout and adjuster in decision and filing bodies', async () => {
    const claimId = await claimAtEstimate();
    const carol = await token(CAROL);
    for (const extra of [{ status: 'SETTLED' }, { adjusterId: 'E-2001' }]) {
      const answer = await call(svc, 'POST', `/claims/${claimId}/decision`, {
        token: carol,
        body: { decision: 'APPROVE', payoutCents: 100, ...extra },
      });
      expectError(answer, 400, 'REQUEST.VALIDATION_FAILED');
    }
    for (const extra of [
      { status: 'APPROVED' },
      { payoutCents: 500_000 },
      { adjusterId: 'E-2001' },
    ]) {
      const answer = await call(svc, 'POST', '/claims', {
        token: await token(ALICE),
        body: claimBody(extra),
      });
      expectError(answer, 400, 'REQUEST.VALIDATION_FAILED');
    }
    const tooMuch = await call(svc, 'POST', `/claims/${claimId}/decision`, {
      token: carol,
      body: { decision: 'APPROVE', payoutCents: 138_001 },
    });
    expectError(tooMuch, 422, 'CLAIMS.PAYOUT_EXCEEDS_ESTIMATE');
  });

  it("shows the member's phone to the shop holding the car only while consent exists", async () => {
    const claimId = await claimAtEstimate();
    const frank = await token(FRANK, 'claims:contact');
    const contact = () => call(svc, 'GET', `/claims/${claimId}/contact`, { token: frank });
    expectError(await contact(), 403, 'AUTHZ.FORBIDDEN');

    const granted = await call(svc, 'POST', `/claims/${claimId}/consents`, {
      token: await token(ALICE),
      body: { shopId: 'S-01' },
    });
    expect(granted.body).toEqual({ items: [{ shopId: 'S-01' }] });
    expect((await contact()).body).toEqual({ phone: '+1-210-555-0101' });
    const grace = await call(svc, 'GET', `/claims/${claimId}/contact`, {
      token: await token(GRACE, 'claims:contact'),
    });
    expectError(grace, 404, 'CLAIMS.CLAIM_NOT_FOUND');
    const bobGrants = await call(svc, 'POST', `/claims/${claimId}/consents`, {
      token: await token(BOB),
      body: { shopId: 'S-02' },
    });
    expectError(bobGrants, 404, 'CLAIMS.CLAIM_NOT_FOUND');

    const revoked = await call(svc, 'DELETE', `/claims/${claimId}/consents/S-01`, {
      token: await token(ALICE),
    });
    expect(revoked.body).toEqual({ items: [] });
    expectError(await contact(), 403, 'AUTHZ.FORBIDDEN');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({ action: 'authz.denied', defense: 'consent' }),
    );
  });

  it('ignores a replayed step and dead-letters an unsigned or impossible one, going on with the next', async () => {
    const filed = await call(svc, 'POST', '/claims', {
      token: await token(ALICE),
      body: claimBody(),
    });
    const claimId = filed.body.id as string;
    const jobId = randomUUID();
    // Unsigned: refused (event-signing on), so the claim does not move.
    await emit(
      'towing',
      'TowJobDispatched',
      { jobId, claimId, companyId: 'T-01' },
      { unsigned: true },
    );
    await emit('towing', 'TowJobDispatched', { jobId, claimId, companyId: 'T-01' });
    await reaches(claimId, 'TOW_DISPATCHED');
    // A replay under a new event id: the claim is past that step, nothing happens.
    await emit('towing', 'TowJobDispatched', { jobId, claimId, companyId: 'T-01' });
    await emit('towing', 'VehicleDelivered', { jobId, claimId, companyId: 'T-01', shopId: 'S-01' });
    await reaches(claimId, 'VEHICLE_AT_SHOP');
    // Impossible: an estimate from a shop that does not hold the car.
    const impossible = await emit('repair', 'EstimateSubmitted', {
      orderId: randomUUID(),
      claimId,
      shopId: 'S-02',
      lineItems: [{ description: 'Everything', amountCents: 9_000_000 }],
      totalCents: 9_000_000,
    });
    await eventually(() =>
      svc
        .audits()
        .find(
          (a) =>
            a.action === 'event.rejected' &&
            String(a.resource).includes(impossible.id) &&
            String(a.reason).includes('CLAIMS.ILLEGAL_TRANSITION'),
        ),
    );
    expect(await statusOf(claimId)).toBe('VEHICLE_AT_SHOP');
    expect(svc.audits()).toContainEqual(
      expect.objectContaining({
        action: 'event.rejected',
        defense: 'event-signing',
        reason: 'event is not signed',
      }),
    );
  });

  it('applies an estimate that overtook the delivery it proves, and then ignores the late delivery', async () => {
    const filed = await call(svc, 'POST', '/claims', {
      token: await token(ALICE),
      body: claimBody(),
    });
    const claimId = filed.body.id as string;
    const jobId = randomUUID();
    await emit('towing', 'TowJobDispatched', { jobId, claimId, companyId: 'T-01' });
    await reaches(claimId, 'TOW_DISPATCHED');
    // Repair's estimate arrives before towing's delivery (another topic: no order across them).
    await emit('repair', 'EstimateSubmitted', {
      orderId: ORDER,
      claimId,
      shopId: 'S-01',
      lineItems: [{ description: 'Rear bumper cover', amountCents: 98_000 }],
      totalCents: 98_000,
    });
    await reaches(claimId, 'ESTIMATE_SUBMITTED');
    await emit('towing', 'VehicleDelivered', { jobId, claimId, companyId: 'T-01', shopId: 'S-01' });
    await new Promise((r) => setTimeout(r, 500));
    const read = await call(svc, 'GET', `/claims/${claimId}`, {
      token: await token(ALICE, 'claims:read'),
    });
    expect(read.body).toMatchObject({ status: 'ESTIMATE_SUBMITTED', shopId: 'S-01' });
  });
});

describe('claims service: transactional outbox', () => {
  it('keeps accepting claims through a 30 s broker outage and publishes every event once it is back', async () => {
    // Its own database and broker: no other app's relay may publish these rows.
    const url = await resetDatabase(`${DB}_outbox`);
    await migrateDatabase(appDir('claims'), url);
    const broker = await startMockBroker();
    let outage: EventBus | undefined;
    try {
      const own = await boot('', { kafkaBrokers: broker.brokers.join(','), url });
      outage = await eventBus({
        brokers: broker.brokers,
        clientId: 'claims-it-outage',
        keysDir: bus.keysDir,
      });
      const collected = await outage.collect([TOPICS.claims]);
      const arrived = { has: (id: string) => collected.on(TOPICS.claims, id).length > 0 };
      const file = async () => {
        const filed = await call(own, 'POST', '/claims', {
          token: await token(ALICE),
          body: claimBody(),
        });
        expect(filed.status).toBe(201);
        return filed.body.id as string;
      };
      const before = await file();
      await eventually(() => (arrived.has(before) ? true : undefined));

      broker.down();
      const during: string[] = [];
      const outageEnds = Date.now() + 30_000;
      while (Date.now() < outageEnds) {
        during.push(await file());
        await new Promise((r) => setTimeout(r, 5_000));
      }
      expect(during.length).toBeGreaterThanOrEqual(6);
      for (const claimId of during) {
        expect(await outboxRow(claimId, url)).toMatchObject({
          event_type: 'ClaimFiled',
          published_at: null,
        });
      }

      broker.up();
      await eventually(() => (during.every((id) => arrived.has(id)) ? true : undefined), 60_000);
      for (const claimId of during) {
        expect((await outboxRow(claimId, url))?.published_at).not.toBeNull();
      }
    } finally {
      broker.up();
      await outage?.close();
      await broker.stop();
    }
  }, 150_000);
});
