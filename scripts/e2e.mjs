#!/usr/bin/env node
// Runs the e2e suite against real stacks (test profile, ports +10000):
//   1. secure: every defense on — journeys and attacks (each attack must be blocked and audited);
//   2. training: the attacked defenses off — attacks only (each must succeed);
// both phases end with the log scan (e2e/logs: no token, password, hash or key in any app log).
// Every attack therefore runs both ways. Extra arguments go to `playwright test`.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFENSE_IDS, isSwitchable } from '../libs/contracts/dist/index.js';
import { startStack, REPO_ROOT } from '../libs/testing/dist/index.js';

// Every defense with a training path: each attack in e2e/attacks must succeed with its defense off.
const TRAINING_OFF = DEFENSE_IDS.filter(isSwitchable);
const extra = process.argv.slice(2);

function playwright(args, env) {
  return new Promise((resolve) => {
    const child = spawn(
      join(REPO_ROOT, 'node_modules/.bin/playwright'),
      ['test', '-c', 'e2e/playwright.config.ts', ...args, ...extra],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
        stdio: 'inherit',
      },
    );
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function phase(mode, defensesOff, args) {
  console.log(`\n=== e2e ${mode}: defenses off: ${defensesOff.join(', ') || 'none'} ===`);
  rmSync(join(REPO_ROOT, '.run/test/logs'), { recursive: true, force: true });
  const began = Date.now();
  const stack = await startStack({ profile: 'test', defensesOff });
  console.log(`stack healthy in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  try {
    return await playwright(args, {
      CG_MODE: mode,
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
    });
  } finally {
    await stack.stop();
  }
}

const secure = await phase('secure', [], []);
const training = await phase('training', TRAINING_OFF, ['--project', 'logs']);
process.exit(secure === 0 && training === 0 ? 0 : 1);
