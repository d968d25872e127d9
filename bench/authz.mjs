#!/usr/bin/env node
// What authorization costs a service per request: the party token's ES256 verification plus one
// Cedar decision with that service's own policy file, as `PolicyEngine` (libs/auth) makes it —
// the policy set parsed once and kept preparsed in Cedar's module. Measured against two others in
// the same run, interleaved in rounds so machine load hits all alike:
//
//   baseline   ES256 verification of the party token alone (jose, algorithm, issuer, audience
//              pinned): the floor every request pays anyway;
//   measured   verification + `PolicyEngine.decide` (preparsed set, `statefulIsAuthorized`);
//   text       verification + `cedar.isAuthorized` handed the policy text, which Cedar parses on
//              every call (how decisions were made before the set was preparsed).
//
//   pnpm build && node bench/authz.mjs [--calls 4000] [--warmup 300] [--rounds 8] [--json]
//
// Per service (claims, towing, repair, rental) one allowing request (the owner reads their own
// object) and, for the correctness check, one denying request (another party). p50/p99 per call in
// µs. Goal: verification + decision p99 < 250 µs. Exits non-zero when a decision is not the one
// expected, when the preparsed and the text decisions ever differ, or when a token fails to verify.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { PolicyEngine } from '../libs/auth/dist/index.js';
import { DefenseSwitches } from '../libs/config/dist/index.js';

// jose and Cedar as libs/auth resolves them (pnpm does not hoist them to the root).
const fromAuth = createRequire(new URL('../libs/auth/package.json', import.meta.url));
const { SignJWT, jwtVerify } = await import(fromAuth.resolve('jose'));
const cedar = fromAuth('@cedar-policy/cedar-wasm/nodejs');

const print = (line = '') => process.stdout.write(`${line}\n`);
const NAMESPACE = 'ClaimGuard';
const ISSUER = 'https://gateway.claimguard.test';

function options() {
  const { values } = parseArgs({
    options: {
      calls: { type: 'string', default: '4000' },
      warmup: { type: 'string', default: '300' },
      rounds: { type: 'string', default: '8' },
      json: { type: 'boolean', default: false },
    },
  });
  const calls = Number(values.calls);
  const warmup = Number(values.warmup);
  const rounds = Number(values.rounds);
  for (const [name, n] of Object.entries({ calls, warmup, rounds })) {
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new Error(`--${name}: 1..100000`);
  }
  if (calls % rounds !== 0) throw new Error('--calls must be a multiple of --rounds');
  return { calls, warmup, rounds, json: values.json };
}

const party = (kind, partyId) => ({
  type: 'Party',
  id: `${kind}:${partyId}`,
  attrs: { kind, partyId },
});

/**
 * Each service's policy file and a request its owner makes (allowed); the same request by a
 * stranger of the same kind must be denied.
 */
const SERVICES = [
  {
    name: 'claims',
    file: 'apps/claims/src/claims/policies/claims.cedar',
    owner: ['member', 'M-1001'],
    stranger: 'M-1002',
    action: 'ReadClaim',
    resource: {
      type: 'Claim',
      id: 'c-1',
      attrs: { memberId: 'M-1001', adjusterId: '', shopId: '', consentedShops: [] },
    },
    scope: 'claims:read',
  },
  {
    name: 'towing',
    file: 'apps/towing/src/towing/policies/towing.cedar',
    owner: ['tow_operator', 'T-01'],
    stranger: 'T-02',
    action: 'ReadTowJob',
    resource: { type: 'TowJob', id: 'j-1', attrs: { companyId: 'T-01' } },
    scope: 'towing:read',
  },
  {
    name: 'repair',
    file: 'apps/repair/src/repair/policies/repair.cedar',
    owner: ['repair_shop', 'S-01'],
    stranger: 'S-02',
    action: 'ReadRepairOrder',
    resource: { type: 'RepairOrder', id: 'o-1', attrs: { shopId: 'S-01' } },
    scope: 'repair:read',
  },
  {
    name: 'rental',
    file: 'apps/rental/src/rental/policies/rental.cedar',
    owner: ['member', 'M-1001'],
    stranger: 'M-1002',
    action: 'ReadReservation',
    resource: { type: 'Reservation', id: 'r-1', attrs: { memberId: 'M-1001', agencyId: 'A-01' } },
    scope: 'rental:read',
  },
];

/** The policy request `service` makes for `principal`. */
const requestOf = (service, principal) => ({
  principal,
  action: service.action,
  resource: service.resource,
  context: { scopes: [service.scope] },
});

/** The decision as it was made before: the policy text handed to Cedar, parsed per call. */
function textDecider(text, switches) {
  const parts = cedar.policySetTextToParts(text);
  if (parts.type !== 'success') throw new Error('policy file does not parse');
  const staticPolicies = {};
  for (const policy of parts.policies) {
    const json = cedar.policyToJson(policy);
    staticPolicies[json.json.annotations.id] = policy;
  }
  const uid = (e) => ({ type: `${NAMESPACE}::${e.type}`, id: e.id });
  return (request) => {
    const answer = cedar.isAuthorized({
      principal: uid(request.principal),
      action: { type: `${NAMESPACE}::Action`, id: request.action },
      resource: uid(request.resource),
      context: { ...request.context, defensesOff: switches.offIds() },
      policies: { staticPolicies },
      entities: [request.principal, request.resource].map((e) => ({
        uid: uid(e),
        attrs: e.attrs ?? {},
        parents: [],
      })),
    });
    if (answer.type !== 'success') return { allowed: false };
    return { allowed: answer.response.decision === 'allow' };
  };
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  const opts = options();
  const switches = DefenseSwitches.fromSetting('', 'development');
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const failures = [];

  const cases = [];
  for (const service of SERVICES) {
    const text = readFileSync(new URL(`../${service.file}`, import.meta.url), 'utf8');
    const engine = PolicyEngine.fromText(text, NAMESPACE, switches);
    const parsedPerCall = textDecider(text, switches);
    const [kind, partyId] = service.owner;
    const token = await new SignJWT({ scope: service.scope, party: { kind, id: partyId } })
      .setProtectedHeader({ alg: 'ES256', kid: 'bench', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(service.name)
      .setSubject('bench-sub')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
    const verify = () =>
      jwtVerify(token, publicKey, {
        algorithms: ['ES256'],
        issuer: ISSUER,
        audience: service.name,
      });
    const allow = requestOf(service, party(kind, partyId));
    const deny = requestOf(service, party(kind, service.stranger));
    // Correctness first: both deciders agree, the owner is allowed and the stranger denied.
    for (const [which, request, expected] of [
      ['allow', allow, true],
      ['deny', deny, false],
    ]) {
      const preparsed = engine.decide(request).allowed;
      const perCall = parsedPerCall(request).allowed;
      if (preparsed !== expected || perCall !== expected) {
        failures.push(
          `${service.name} ${which}: preparsed ${preparsed}, text ${perCall}, expected ${expected}`,
        );
      }
    }
    cases.push({ service: service.name, engine, text: parsedPerCall, request: allow, verify });
  }

  const paths = {
    baseline: async (c) => {
      await c.verify();
    },
    measured: async (c) => {
      const { payload } = await c.verify();
      if (!payload.party || !c.engine.decide(c.request).allowed) throw new Error('denied');
    },
    text: async (c) => {
      const { payload } = await c.verify();
      if (!payload.party || !c.text(c.request).allowed) throw new Error('denied');
    },
  };

  const samples = Object.fromEntries(
    cases.map((c) => [c.service, Object.fromEntries(Object.keys(paths).map((p) => [p, []]))]),
  );
  const perRound = opts.calls / opts.rounds;
  for (const c of cases) {
    for (const run of Object.values(paths)) for (let i = 0; i < opts.warmup; i++) await run(c);
  }
  for (let round = 0; round < opts.rounds; round++) {
    for (const c of cases) {
      for (const [name, run] of Object.entries(paths)) {
        const into = samples[c.service][name];
        // The text path is slow by design: a tenth of the calls gives its percentiles as well.
        const n = name === 'text' ? Math.max(1, Math.floor(perRound / 10)) : perRound;
        for (let i = 0; i < n; i++) {
          const began = performance.now();
          try {
            await run(c);
          } catch (error) {
            failures.push(`${c.service} ${name}: ${error.message}`);
            break;
          }
          into.push((performance.now() - began) * 1000);
        }
      }
    }
  }

  const results = cases.map((c) => {
    const row = { service: c.service };
    for (const name of Object.keys(paths)) {
      const sorted = [...samples[c.service][name]].sort((a, b) => a - b);
      row[name] = { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    }
    row.decideP50 = row.measured.p50 - row.baseline.p50;
    row.textOverPreparsedP50 = (row.text.p50 - row.baseline.p50) / Math.max(row.decideP50, 0.001);
    row.goalMet = row.measured.p99 < 250;
    return row;
  });

  const machine = { cpus: cpus().length, loadavg: loadavg().map((l) => Number(l.toFixed(2))) };
  if (opts.json) {
    print(
      JSON.stringify({ date: new Date().toISOString(), machine, options: opts, results, failures }),
    );
  } else {
    print(
      `authz bench — ${new Date().toISOString()}, ${machine.cpus} cpus, load ${machine.loadavg.join(' ')}`,
    );
    print(
      `calls per path ${opts.calls} (text path: a tenth), ${opts.rounds} interleaved rounds; µs per call`,
    );
    print();
    print(
      'service  | verify p50/p99 | verify+decide p50/p99 | text-parsed p50/p99 | decide p50 | text/preparsed | p99<250µs',
    );
    const f = (x) => x.toFixed(0).padStart(5);
    for (const r of results) {
      print(
        `${r.service.padEnd(8)} | ${f(r.baseline.p50)} / ${f(r.baseline.p99)} | ${f(r.measured.p50)} / ${f(r.measured.p99)}         | ${f(r.text.p50)} / ${f(r.text.p99)}       | ${f(r.decideP50)}      | ${r.textOverPreparsedP50.toFixed(1).padStart(6)}×        | ${r.goalMet ? 'yes' : 'NO'}`,
      );
    }
    print();
    print(
      'ratio verify+decide / verify alone (p50): ' +
        results
          .map((r) => `${r.service} ${(r.measured.p50 / r.baseline.p50).toFixed(2)}`)
          .join(', '),
    );
  }
  if (failures.length > 0) {
    process.stderr.write(
      `[authz] ${failures.length} check(s) failed:\n  ${failures.slice(0, 10).join('\n  ')}\n`,
    );
    process.exit(1);
  }
}

await main();
