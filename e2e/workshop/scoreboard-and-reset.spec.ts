import { expect, test } from '@playwright/test';
import {
  TRAINING_SIGNATURE_HEADER,
  TRAINING_SYNC_MEDIA_TYPE,
  TRAINING_SYNC_PATH,
} from '@claimguard/contracts';
import { call } from '../support/api.js';
import { fileClaim } from '../support/claims.js';
import { login, loginTokens, persona } from '../support/personas.js';
import {
  instructorToken,
  scoreboard,
  setDefense,
  trainingStatus,
  waitForConvergence,
  waitForSyncsAfter,
} from '../support/switches.js';

/**
 * Workshop mode end to end: the scoreboard learns from the services themselves that an attendee's
 * own attack got through a defense that was off (nobody can report a score), and a reset brings
 * the stack back to its seeded state and every switch on, without a restart. How fast a flip
 * reaches every process (the 2 s promise) is measured by bench/switch-convergence.mjs, not here.
 */
test.describe.configure({ mode: 'serial' });

/**
 * Every process applies a flip while it runs; the switchboard measures how long that took (its own
 * clock, from the flip to the sync in which the last process reported it). The test records the
 * number for the report; bench/switch-convergence.mjs holds it to the promise.
 */
test('a flip reaches every process without a restart, and the switchboard measures how long it took', async () => {
  for (const [id, on] of [
    ['consent', false],
    ['consent', true],
  ] as const) {
    await setDefense(id, on);
    const { convergedInMs } = await trainingStatus();
    test.info().annotations.push({
      type: 'convergence',
      description: `${id} ${on ? 'on' : 'off'}: ${convergedInMs} ms (switchboard)`,
    });
    expect(convergedInMs, 'the switchboard measured no convergence').toBeDefined();
  }
  const status = await trainingStatus();
  expect(status.peers.map((p) => p.service).sort()).toEqual([
    'claims',
    'identity',
    'rental',
    'repair',
    'towing',
  ]);
});

test("the scoreboard credits bob's own BOLA attack, detected by claims, and nothing he reports himself", async () => {
  await call('POST', '/api/_training/reset', { token: await instructorToken() });
  await waitForConvergence();
  const [alice, bob] = await Promise.all([
    login('alice', 'claims:read claims:write'),
    login('bob', 'claims:read'),
  ]);
  const victim = await fileClaim(alice);
  const bobParty = persona('bob').party;

  // While bola is on, bob's attempt fails and earns nothing.
  expect((await call('GET', `/api/claims/${victim}`, { token: bob })).status).toBe(404);
  // bob cannot post a score for himself: syncs must be signed by a service's key.
  const forged = await call('POST', TRAINING_SYNC_PATH, {
    token: bob,
    headers: { 'content-type': TRAINING_SYNC_MEDIA_TYPE, [TRAINING_SIGNATURE_HEADER]: 'e30..' },
    body: JSON.stringify({
      service: 'claims',
      applied: 0,
      resetDone: 0,
      sentAt: new Date().toISOString(),
      detections: [
        { defense: 'mtls', sub: 'bob', reason: 'trust me', at: new Date().toISOString() },
      ],
    }),
  });
  expect(forged.status).toBe(401);
  expect(await scoreboard()).toEqual([]);

  await setDefense('bola', false);
  try {
    const read = await call<{ id: string }>('GET', `/api/claims/${victim}`, { token: bob });
    expect(read.status).toBe(200);
    // Once every process has reported what it saw up to the read, bob's line is there or never.
    await waitForSyncsAfter(Date.now());
    const bobs = (await scoreboard()).find((e) => e.party?.id === bobParty.id);
    expect(bobs).toMatchObject({ score: 1, party: bobParty });
    expect(bobs?.defenses[0]).toMatchObject({ defense: 'bola', seenBy: ['claims'] });
  } finally {
    await setDefense('bola', true);
  }
});

test('a reset restores the seeded data and every switch, without a restart', async () => {
  const alice = await login('alice', 'claims:read claims:write');
  await fileClaim(alice);
  await setDefense('mass-assignment', false);
  const before = await call<{ items: unknown[] }>('GET', '/api/claims', { token: alice });
  expect(before.body.items.length).toBeGreaterThan(0);

  const began = Date.now();
  const reset = await call<{ resetEpoch: number }>('POST', '/api/_training/reset', {
    token: await instructorToken(),
  });
  expect(reset.status).toBe(200);
  await waitForConvergence();
  const tookMs = Date.now() - began;
  test.info().annotations.push({ type: 'reset', description: `${tookMs} ms` });

  const status = await trainingStatus();
  expect(status).toMatchObject({ off: [], converged: true });
  expect(status.peers.every((p) => p.resetDone === reset.body.resetEpoch)).toBe(true);
  const after = await call<{ items: unknown[] }>('GET', '/api/claims', { token: alice });
  expect(after.status).toBe(200);
  expect(after.body.items).toEqual([]);
  expect(await scoreboard()).toEqual([]);
  // The seeded personas still sign in (identity restored them; sessions were kept): a fresh
  // sign-in, not this worker's held session.
  expect((await loginTokens('bob', 'claims:read')).access_token).toBeTruthy();
});
