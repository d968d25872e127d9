import { expect } from '@playwright/test';
import { eventually } from '@claimguard/testing';
import type { AttackResult } from './attack.js';
import { call } from './api.js';
import { claimBody } from './claims.js';
import { login } from './personas.js';

/** Everyone a claim meets, logged in through identity with the scopes their party kind may have. */
export interface Cast {
  alice: string;
  bob: string;
  carol: string;
  ivan: string;
  dave: string;
  erin: string;
  frank: string;
  grace: string;
  heidi: string;
}

/**
 * Logs in every persona of the saga (code + PKCE through identity's login form); carol, whose role
 * requires MFA, answers the TOTP step with her documented demo secret (support/personas.ts).
 */
export async function loginCast(): Promise<Cast> {
  const [alice, bob, carol, ivan, dave, erin, frank, grace, heidi] = await Promise.all([
    login('alice', 'claims:read claims:write rental:read'),
    login('bob', 'claims:read claims:write rental:read'),
    login('carol', 'claims:read claims:write'),
    login('ivan', 'claims:read'),
    login('dave', 'towing:read towing:write'),
    login('erin', 'towing:read towing:write'),
    login('frank', 'repair:read repair:write claims:contact'),
    login('grace', 'repair:read repair:write claims:contact'),
    login('heidi', 'rental:read rental:write'),
  ]);
  return { alice, bob, carol, ivan, dave, erin, frank, grace, heidi };
}

/** The status of a claim as its member sees it. */
export async function claimStatus(token: string, claimId: string): Promise<string> {
  const read = await call<{ status: string }>('GET', `/api/claims/${claimId}`, { token });
  expect(read.status, JSON.stringify(read.body)).toBe(200);
  return read.body.status;
}

/** Waits until the claim reaches `status` (events travel between services asynchronously). */
export function claimReaches(token: string, claimId: string, status: string): Promise<true> {
  return eventually(
    async () => ((await claimStatus(token, claimId)) === status ? true : undefined),
    30_000,
    `claim ${claimId} ${status}`,
  );
}

/** Finds the item of a `{ items }` collection that belongs to `claimId`, waiting for it to appear. */
export function itemFor(
  token: string,
  path: string,
  claimId: string,
): Promise<{ id: string; status: string; claimId: string }> {
  return eventually(
    async () => {
      const list = await call<{ items: { id: string; status: string; claimId: string }[] }>(
        'GET',
        path,
        { token },
      );
      return list.status === 200 ? list.body.items.find((i) => i.claimId === claimId) : undefined;
    },
    30_000,
    `${path} item for claim ${claimId}`,
  );
}

/** Asserts a 200 answer and returns its body. */
export async function ok<T = any>(
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<T> {
  const answer = await call<T>(method, path, { token, ...(body === undefined ? {} : { body }) });
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body;
}

/** An estimate above the $5,000 step-up threshold: $7,200.00. */
export const LARGE_ESTIMATE = [
  { description: 'Frame straightening', amountCents: 450_000 },
  { description: 'Quarter panel, replace and refinish', amountCents: 270_000 },
];

/** The repair estimate every journey uses: $1,380.00. */
export const ESTIMATE = [
  { description: 'Rear bumper cover, replace', amountCents: 98_000 },
  { description: 'Refinish and blend', amountCents: 40_000 },
];

export interface ClaimAtEstimate {
  claimId: string;
  jobId: string;
  orderId: string;
}

/**
 * Files alice's claim (tow, rental, phone) and walks it to `ESTIMATE_SUBMITTED` the way the
 * parties do it: dave dispatches, picks up and delivers to S-01; frank estimates.
 */
export async function claimAtEstimate(
  cast: Cast,
  overrides: Record<string, unknown> = {},
  lineItems: { description: string; amountCents: number }[] = ESTIMATE,
): Promise<ClaimAtEstimate> {
  const filed = await call<{ id: string }>('POST', '/api/claims', {
    token: cast.alice,
    body: claimBody({ needsRental: true, contactPhone: '+1-512-555-0101', ...overrides }),
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  const claimId = filed.body.id;
  const job = await itemFor(cast.dave, '/api/towing/jobs', claimId);
  await ok('POST', `/api/towing/jobs/${job.id}/dispatch`, cast.dave);
  await ok('POST', `/api/towing/jobs/${job.id}/pick-up`, cast.dave);
  await ok('POST', `/api/towing/jobs/${job.id}/deliver`, cast.dave, { shopId: 'S-01' });
  const order = await itemFor(cast.frank, '/api/repair/orders', claimId);
  await ok('POST', `/api/repair/orders/${order.id}/estimate`, cast.frank, { lineItems });
  await claimReaches(cast.alice, claimId, 'ESTIMATE_SUBMITTED');
  return { claimId, jobId: job.id, orderId: order.id };
}

/**
 * The verdict of an attempt to decide a claim, from the claim as stored — read back as its member
 * sees it, never the attempt's own answer: succeeded when it is now APPROVED with the attacker's
 * payout, blocked when `refused` matches the answer and the claim is still ESTIMATE_SUBMITTED
 * (nothing happened), inconclusive otherwise.
 */
export async function decisionVerdict(
  cast: Cast,
  claimId: string,
  attempt: { status: number; body: { code?: string }; correlationId: string | null },
  expected: { payoutCents: number; refused: { status: number; code: string }; who: string },
): Promise<AttackResult> {
  const stored = await call<{ status?: string; payoutCents?: number | null }>(
    'GET',
    `/api/claims/${claimId}`,
    { token: cast.alice },
  );
  const now = `stored claim ${stored.body.status} (payout ${stored.body.payoutCents ?? 'none'})`;
  if (stored.body.status === 'APPROVED' && stored.body.payoutCents === expected.payoutCents) {
    return { outcome: 'succeeded', status: attempt.status, evidence: `${expected.who}: ${now}` };
  }
  if (
    attempt.status === expected.refused.status &&
    attempt.body.code === expected.refused.code &&
    stored.body.status === 'ESTIMATE_SUBMITTED'
  ) {
    return {
      outcome: 'blocked',
      status: attempt.status,
      correlationId: attempt.correlationId,
      evidence: `${expected.refused.status} ${expected.refused.code}; ${now}, unchanged`,
    };
  }
  return {
    outcome: 'inconclusive',
    status: attempt.status,
    evidence: `${JSON.stringify(attempt.body)}; ${now}`,
  };
}
