#!/usr/bin/env node
// Starts the whole platform in the foreground and prints where everything is.
//   node scripts/stack.mjs up [--profile dev|test] [--group <name> --port-offset <n>]
//                             [--defenses-off id,id] [--quiet]
// `./dev up` runs this after setup. Ctrl-C stops every process it started. A workshop runs one
// stack per group: `--group a --port-offset 20000` (own databases, keys, ports; the instructor
// console of that stack flips and resets only that group).
import { parseArgs } from 'node:util';
import { DEMO_PERSONAS } from '../libs/contracts/dist/index.js';
import { startStack } from '../libs/testing/dist/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    profile: { type: 'string', default: 'dev' },
    group: { type: 'string' },
    'port-offset': { type: 'string' },
    'defenses-off': { type: 'string', default: process.env.CLAIMGUARD_DEFENSES_OFF ?? '' },
    quiet: { type: 'boolean', default: false },
  },
});
const usage =
  'usage: node scripts/stack.mjs up [--profile dev|test] [--group <name> --port-offset <n>] [--defenses-off id,id] [--quiet]';
const group = values.group;
const portOffset = values['port-offset'] === undefined ? undefined : Number(values['port-offset']);
const groupOk =
  group === undefined
    ? portOffset === undefined
    : /^[a-z0-9-]{1,20}$/.test(group) &&
      Number.isInteger(portOffset) &&
      portOffset >= 13000 &&
      // Every port (the highest is identity's metrics, 9469 + offset) stays below Linux's
      // ephemeral range (32768+), where an outgoing connection may hold a port at start-up.
      portOffset <= 23000;
if (positionals[0] !== 'up' || !['dev', 'test'].includes(values.profile) || !groupOk) {
  console.error(usage);
  if (group !== undefined) console.error('  a group needs --port-offset between 13000 and 23000');
  process.exit(2);
}
const profile = group === undefined ? values.profile : `group-${group}`;

const began = Date.now();
const defensesOff = values['defenses-off']
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
let stack;
try {
  stack = await startStack({
    profile,
    ...(portOffset === undefined ? {} : { portOffset }),
    defensesOff,
    inheritOutput: !values.quiet,
  });
} catch (error) {
  console.error(`\nClaimGuard did not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
const seconds = ((Date.now() - began) / 1000).toFixed(1);

const rows = [
  ['Web app (portals: sign in as a persona)', stack.publicUrls.web],
  ['API gateway (the only public entry)', `${stack.publicUrls.gateway}/api`],
  ['Defenses report', `${stack.publicUrls.gateway}/api/_meta/defenses`],
  ['Instructor console (olga, TOTP)', `${stack.publicUrls.web}/instructor`],
  ['Identity (OpenID Provider)', `${stack.publicUrls.identity}/.well-known/openid-configuration`],
  ['Gateway metrics (internal, Prometheus)', stack.metricsUrl],
  [
    'Metrics of claims, towing, repair, rental, identity',
    ['claims', 'towing', 'repair', 'rental', 'identity']
      .map((app) => new URL(stack.metricsUrls[app]).port)
      .join(', '),
  ],
  ['claims service (internal)', stack.urls.claims],
  ['towing service (internal)', stack.urls.towing],
  ['Dev PKI (mTLS: CA, workload certificates)', stack.pki?.dir ?? '(off)'],
  ['Kafka bootstrap (mock broker)', stack.broker?.brokers.join(',') ?? '(external)'],
];
console.log(`\nClaimGuard is up in ${seconds}s (profile ${profile}).\n`);
for (const [what, url] of rows) console.log(`  ${what.padEnd(40)} ${url}`);
console.log(
  `\n  Defenses: ${defensesOff.length ? `OFF for training: ${defensesOff.join(', ')}` : 'all on (secure)'}`,
);
console.log('\n  Demo personas (password = <username>-ClaimGuard-2026!):');
console.log(
  `  ${DEMO_PERSONAS.map((p) => `${p.username} (${p.party.kind} ${p.party.id})`).join(', ')}`,
);
console.log('\nCtrl-C stops everything.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
