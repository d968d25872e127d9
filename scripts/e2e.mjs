#!/usr/bin/env node
// Runs the e2e suite against one real stack (test profile, ports +10000), every defense on at start:
//   1. journeys and browser tests, in parallel;
//   2. then, one at a time, the tests that flip the training switches at runtime through the
//      instructor's console API: the banner, and every attack in e2e/attacks — each blocked (and
//      audited) with its defense on, then successful with it off, without restarting anything;
//   3. the log checks (e2e/logs: no token, password, hash or key in any app log; metrics equal the
//      audit trail), in a second invocation that runs whatever happened in the first.
// Writes e2e/.artifacts/attack-report.{json,html}. Extra arguments go to `playwright test`.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, REPO_ROOT } from '../libs/testing/dist/index.js';

const extra = process.argv.slice(2);

function playwright(args, env) {
  return new Promise((resolve) => {
    const child = spawn(
      join(REPO_ROOT, 'node_modules/.bin/playwright'),
      ['test', '-c', 'e2e/playwright.config.ts', ...args, ...(args.length ? [] : extra)],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: 'inherit' },
    );
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

// A second stack beside the test profile's (another engineer's run, CI): E2E_PROFILE=lead
// E2E_PORT_OFFSET=22000 (ports below 32768, databases claimguard_lead_*, keys .keys/lead).
const profile = process.env.E2E_PROFILE || 'test';
const portOffset = process.env.E2E_PORT_OFFSET ? Number(process.env.E2E_PORT_OFFSET) : undefined;
rmSync(join(REPO_ROOT, '.run', profile, 'logs'), { recursive: true, force: true });
// The secrets this run's tests are issued (e2e/support/issued-secrets.ts), for the log scan: only
// this run's, so an earlier run's tokens can never stand in for them.
const issuedDir = join(REPO_ROOT, 'e2e/.artifacts/issued-secrets');
rmSync(issuedDir, { recursive: true, force: true });
const began = Date.now();
const stack = await startStack({ profile, ...(portOffset ? { portOffset } : {}) });
console.log(`stack healthy in ${((Date.now() - began) / 1000).toFixed(1)} s`);
const PHASES = ['journeys', 'browser-setup', 'browser', 'browser-switches', 'attacks', 'workshop'];
let code;
try {
  const stackEnv = {
    CG_GATEWAY_URL: stack.publicUrls.gateway,
    CG_IDENTITY_URL: stack.publicUrls.identity,
    CG_WEB_URL: stack.publicUrls.web,
    CG_CLAIMS_URL: stack.urls.claims,
    CG_TOWING_URL: stack.urls.towing,
    CG_REPAIR_URL: stack.urls.repair,
    CG_RENTAL_URL: stack.urls.rental,
    CG_KAFKA_BROKERS: stack.broker?.brokers.join(',') ?? '',
    CG_EVENT_KEYS_DIR: stack.eventKeysDir,
    CG_KEYS_DIR: stack.keysDir,
    CG_LOG_DIR: stack.logDir,
    CG_METRICS_URLS: JSON.stringify(stack.metricsUrls),
    CG_ISSUED_DIR: issuedDir,
  };
  if (extra.length > 0) {
    // A developer's selection (`pnpm test:e2e --grep …`): one invocation, as asked.
    code = await playwright([], stackEnv);
  } else {
    const suite = await playwright(
      PHASES.flatMap((p) => ['--project', p]),
      stackEnv,
    );
    const logs = await playwright(['--project', 'logs', '--no-deps'], {
      ...stackEnv,
      CG_RESULTS_FILE: '.artifacts/results-logs.json',
    });
    code = suite || logs;
  }
} finally {
  await stack.stop();
}
console.log(`e2e finished in ${((Date.now() - began) / 1000).toFixed(0)} s`);
process.exit(code);
