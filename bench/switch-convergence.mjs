#!/usr/bin/env node
// How long a training switch takes to reach every process at runtime, against the way it worked
// before the switchboard: restarting the stack with CLAIMGUARD_DEFENSES_OFF. Both are measured in
// the same run on the same machine:
//   baseline  — a full stack start (identity, four services, gateway, web) until every one is healthy;
//   flip      — PUT /api/_training/defenses/:id as the instructor, until the switchboard reports that
//               every process (identity and the four services; the gateway applies at once) runs with it.
//
//   pnpm build && node bench/switch-convergence.mjs [--flips 40] [--json]
//
// Uses its own profile (`bench`, ports +36000) so it never disturbs a dev or test stack.
import { performance } from 'node:perf_hooks';
import { loadavg, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { DEMO_PERSONAS } from '../libs/contracts/dist/index.js';
import { httpCall, oidcLogin, startStack } from '../libs/testing/dist/index.js';

const { values } = parseArgs({
  options: { flips: { type: 'string', default: '40' }, json: { type: 'boolean', default: false } },
});
const flips = Number(values.flips);
const print = (line = '') => process.stdout.write(`${line}\n`);

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const startBegan = performance.now();
const stack = await startStack({ profile: 'bench', portOffset: 36000 });
const stackStartMs = performance.now() - startBegan;
try {
  const olga = DEMO_PERSONAS.find((p) => p.username === 'olga');
  const { access_token: token } = await oidcLogin({
    issuer: stack.publicUrls.identity,
    clientId: 'claimguard-cli',
    redirectUri: 'http://127.0.0.1:8765/callback',
    username: olga.username,
    password: olga.password,
    totpSecret: olga.totpSecret,
    scope: 'openid training:switch',
  });
  const gateway = stack.publicUrls.gateway;
  const converged = async () => {
    for (;;) {
      const status = await httpCall(gateway, 'GET', '/api/_training/status', { token });
      if (status.body.converged && status.body.peers.length >= 5) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await converged();
  const samples = [];
  for (let i = 0; i < flips; i++) {
    const began = performance.now();
    const put = await httpCall(gateway, 'PUT', '/api/_training/defenses/consent', {
      token,
      body: { on: i % 2 === 1 },
    });
    if (put.status !== 200) throw new Error(`flip answered ${put.status}`);
    await converged();
    samples.push(performance.now() - began);
  }
  samples.sort((a, b) => a - b);
  const result = {
    flips,
    flipP50Ms: quantile(samples, 0.5),
    flipP99Ms: quantile(samples, 0.99),
    flipMaxMs: samples.at(-1),
    stackStartMs,
    ratioP50: quantile(samples, 0.5) / stackStartMs,
    loadAvg1m: loadavg()[0],
    cores: cpus().length,
  };
  if (values.json) print(JSON.stringify(result));
  else {
    print(
      `switch convergence, ${flips} flips of consent (load ${result.loadAvg1m.toFixed(1)} on ${result.cores} cores)`,
    );
    print(
      `  runtime flip, every process applied: p50 ${result.flipP50Ms.toFixed(0)} ms, p99 ${result.flipP99Ms.toFixed(0)} ms, max ${result.flipMaxMs.toFixed(0)} ms`,
    );
    print(`  baseline, restarting the stack:      ${stackStartMs.toFixed(0)} ms`);
    print(
      `  flip p50 / restart: ${result.ratioP50.toFixed(3)} (the promise: every process within 2,000 ms)`,
    );
  }
} finally {
  await stack.stop();
}
