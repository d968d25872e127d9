#!/usr/bin/env node
// Lateral movement from a compromised towing service, by hand, against a running stack:
//   node scripts/lateral-movement.mjs [--profile dev]
// The attacker owns towing's host: its mTLS certificate, its event-signing key, the party tokens the
// gateway sends it (stood in for by tokens minted with the gateway's key from .keys/<profile>) and
// its DATABASE_URL. Each attempt prints what happened and which defense decided; flip defenses in
// the instructor console and run it again. The e2e twin: e2e/attacks/lateral-compromised-towing.spec.ts.
// Uses the built libs (pnpm build first); talks only to the local stack.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { profile: { type: 'string', default: 'dev' } } });
const profile = values.profile;
const lib = (name) => import(join(ROOT, 'libs', name, 'dist', 'index.js'));
const { DEMO_PERSONAS, TOPICS } = await lib('contracts');
const { createEnvelope, loadOrCreateEventSigningKey, signedEventMessage } = await lib('messaging');
const { crossDatabaseUrl, databaseName, httpCall, mintWith, tryConnect } = await lib('testing');
const { importJWK } = createRequire(join(ROOT, 'libs/testing/package.json'))('jose');
const { Kafka, logLevel } = createRequire(join(ROOT, 'libs/messaging/package.json'))('kafkajs');

const runDir = join(ROOT, '.run', profile);
const keysDir = join(ROOT, '.keys', profile);
if (!existsSync(join(runDir, 'stack.json'))) {
  console.error(`no running stack of profile ${profile} (${runDir}/stack.json): start it first`);
  process.exit(1);
}
const stack = JSON.parse(readFileSync(join(runDir, 'stack.json'), 'utf8'));
const pki = join(keysDir, 'pki');
const towingTls = {
  caFile: join(pki, 'ca.crt'),
  certFile: join(pki, 'towing.crt'),
  keyFile: join(pki, 'towing.key'),
};
const party = (username) => DEMO_PERSONAS.find((p) => p.username === username).party;

/** A party token as the gateway mints it (genuine key): what towing's process holds in flight. */
async function partyToken(claims) {
  const dir = join(keysDir, 'gateway');
  const file = readdirSync(dir).find((f) => f.endsWith('.json') && f.includes('party'));
  const jwk = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const key = await importJWK(jwk, 'ES256');
  return mintWith(key, jwk.kid, stack.publicUrls.gateway, claims);
}

/** GET with towing's certificate; the answer as "status code". */
async function asTowing(base, path, token) {
  try {
    const answer = await httpCall(base, 'GET', path, {
      tls: towingTls,
      token,
      headers: { 'x-correlation-id': randomUUID() },
    });
    return { status: answer.status, code: answer.body?.code ?? '' };
  } catch (error) {
    return { status: 0, code: `handshake: ${error.cause?.code ?? error.message}` };
  }
}

function verdict({ status, code }) {
  if (status === 403 && code === 'AUTH.CALLER_FORBIDDEN') return 'BLOCKED by mtls';
  if (status === 401) return `BLOCKED at authentication (${code}; jwt-audience or issuer)`;
  if (status === 200) return 'SUCCEEDED';
  return `status ${status} ${code}`;
}

const rows = [];
async function attempt(name, fn) {
  try {
    rows.push([name, await fn()]);
  } catch (error) {
    rows.push([name, `error: ${error.message}`]);
  }
}

await attempt("1 read claims with towing's certificate (claims token)", async () => {
  const token = await partyToken({
    sub: 'alice-sub',
    party: party('alice'),
    aud: 'claims',
    scope: 'claims:read',
  });
  return verdict(await asTowing(stack.urls.claims, '/claims', token));
});

await attempt("2 replay towing's own party token at claims", async () => {
  const token = await partyToken({
    sub: 'dave-sub',
    party: party('dave'),
    aud: 'towing',
    scope: 'towing:read',
  });
  return verdict(await asTowing(stack.urls.claims, '/claims', token));
});

await attempt("3 forged RepairCompleted signed with towing's key", async () => {
  const key = await loadOrCreateEventSigningKey(join(keysDir, 'events'), 'towing');
  const claimId = randomUUID();
  const envelope = createEnvelope({
    type: 'RepairCompleted',
    version: 1,
    source: 'repair',
    subject: claimId,
    correlationId: randomUUID(),
    data: { orderId: randomUUID(), claimId, shopId: 'S-01' },
  });
  const brokers = readFileSync(join(runDir, 'kafka-bootstrap'), 'utf8').trim().split(',');
  const kafka = new Kafka({ clientId: 'attacker-towing', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPICS.repair,
    messages: [await signedEventMessage(key, envelope)],
  });
  await producer.disconnect();
  // Rental consumes RepairCompleted: a refusal is an audit line naming the correlation id.
  const log = join(runDir, 'logs', 'rental.log');
  for (let i = 0; i < 20; i++) {
    await sleep(250);
    const refused = readFileSync(log, 'utf8')
      .split('\n')
      .find((l) => l.includes(envelope.correlationId) && l.includes('"audit":true'));
    if (refused) return `BLOCKED by event-signing (${JSON.parse(refused).reason ?? 'refused'})`;
  }
  return 'SUCCEEDED (rental accepted it: no refusal within 5 s)';
});

await attempt("4a rental's reservations with towing's certificate", async () => {
  const token = await partyToken({
    sub: 'heidi-sub',
    party: party('heidi'),
    aud: 'rental',
    scope: 'rental:read',
  });
  return verdict(await asTowing(stack.urls.rental, '/rental/reservations', token));
});

await attempt("4b claims' coverage route (rental only) with towing's certificate", async () => {
  const token = await partyToken({
    sub: 'heidi-sub',
    party: party('heidi'),
    aud: 'claims',
    scope: 'claims:coverage',
    extra: { act: { sub: 'rental' } },
  });
  return verdict(await asTowing(stack.urls.claims, `/claims/${randomUUID()}/coverage`, token));
});

for (const other of ['claims', 'repair', 'rental', 'identity']) {
  await attempt(`5 towing's database role opens ${other}'s database`, async () => {
    const url = crossDatabaseUrl(databaseName('towing', profile), databaseName(other, profile));
    const result = await tryConnect(url);
    return result.connected
      ? 'SUCCEEDED (connected)'
      : `BLOCKED by database isolation (${result.code} ${result.message})`;
  });
}

const width = Math.max(...rows.map(([name]) => name.length));
console.log(`\nLateral movement from towing — profile ${profile}\n`);
for (const [name, outcome] of rows) console.log(`${name.padEnd(width)}  ${outcome}`);
