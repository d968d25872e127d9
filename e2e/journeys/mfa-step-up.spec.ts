import { expect, test } from '@playwright/test';
import { ACR_MFA } from '@claimguard/contracts';
import { authorize } from '@claimguard/testing';
import { call } from '../support/api.js';
import { env } from '../support/env.js';
import { CLI_CLIENT, login, loginTokens, persona, signInSource } from '../support/personas.js';
import { claimAtEstimate, LARGE_ESTIMATE, loginCast, ok } from '../support/saga.js';

test.describe('MFA and step-up', () => {
  test('carol cannot sign in with her password alone: identity asks for her TOTP code', async () => {
    const outcome = await authorize({
      issuer: env.identity,
      ...CLI_CLIENT,
      username: 'carol',
      password: persona('carol').password,
      scope: 'openid claims:read',
      source: signInSource(),
    });
    expect(outcome.kind).toBe('mfa-required');
  });

  test('a password-only token on an MFA route gets the RFC 9470 challenge', async () => {
    const alice = await login('alice', 'claims:read claims:write');
    const answer = await call<{ code: string }>(
      'POST',
      '/api/claims/7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10/decision',
      { token: alice, body: { decision: 'DENY', reason: 'no' } },
    );
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('AUTH.STEP_UP_REQUIRED');
    expect(answer.headers.get('www-authenticate')).toContain(
      `error="insufficient_user_authentication", error_description="A multi-factor authentication is required", acr_values="${ACR_MFA}"`,
    );
  });

  test('carol approves a payout over $5,000 right after a fresh MFA sign-in', async () => {
    const cast = await loginCast();
    const { claimId } = await claimAtEstimate(cast, {}, LARGE_ESTIMATE);
    // Step-up: sign in again (password + TOTP), then approve at once.
    const fresh = await loginTokens('carol', 'claims:read claims:write');
    const approved = await ok<{ status: string; payoutCents: number }>(
      'POST',
      `/api/claims/${claimId}/decision`,
      fresh.access_token,
      { decision: 'APPROVE', payoutCents: 720_000 },
    );
    expect(approved).toMatchObject({ status: 'APPROVED', payoutCents: 720_000 });
  });
});
