import { setTimeout as sleep } from 'node:timers/promises';
import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { claimAtEstimate, decisionVerdict, LARGE_ESTIMATE, loginCast } from '../support/saga.js';

/** The test stack's STEP_UP_MAX_AGE_SECONDS (libs/testing stack.ts; 300 outside tests). */
const MAX_AGE_SECONDS = 8;

/**
 * A payout over $5,000 approved on a session whose MFA is no longer recent: an adjuster's
 * workstation left signed in, a hijacked session, a refreshed token long after the login. The
 * claims policy (claims.cedar, the $5,000 rule) wants an MFA login within max_age; the gateway
 * answers RFC 9470 `insufficient_user_authentication` with `acr_values` and `max_age`. With
 * `step-up` off, the stale session approves $6,000.
 */
attack(
  {
    id: 'API2-STEPUP-001',
    title: 'a payout over $5,000 approved without a recent MFA',
    defense: 'step-up',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-308',
    asvs: 'V2.8.6',
    blocked: '401 AUTH.STEP_UP_REQUIRED (insufficient_user_authentication)',
    gain: 'carol approves $6,000 on an MFA login older than max_age: the claim, re-read from claims, is stored APPROVED with payout 600000',
    auditedBy: 'claims',
    auditAction: 'authz.denied',
    attacker: 'carol',
  },
  async () => {
    const cast = await loginCast();
    const carolSignedInAt = Date.now();
    const { claimId } = await claimAtEstimate(cast, {}, LARGE_ESTIMATE);
    // Let carol's MFA login grow older than max_age (her token itself is still valid).
    const wait = MAX_AGE_SECONDS * 1000 + 1500 - (Date.now() - carolSignedInAt);
    if (wait > 0) await sleep(wait);

    const approve = await call<{ code?: string; status?: string }>(
      'POST',
      `/api/claims/${claimId}/decision`,
      { token: cast.carol, body: { decision: 'APPROVE', payoutCents: 600_000 } },
    );
    const challenge = approve.headers.get('www-authenticate') ?? '';
    const verdict = await decisionVerdict(cast, claimId, approve, {
      payoutCents: 600_000,
      refused: { status: 401, code: 'AUTH.STEP_UP_REQUIRED' },
      who: '$6,000 approved on a stale MFA',
    });
    // Blocked by step-up means the RFC 9470 challenge, not any 401.
    if (
      verdict.outcome === 'blocked' &&
      !(
        challenge.includes('error="insufficient_user_authentication"') &&
        challenge.includes('acr_values="urn:claimguard:acr:mfa"') &&
        challenge.includes(`max_age="${MAX_AGE_SECONDS}"`)
      )
    ) {
      return {
        outcome: 'inconclusive',
        status: 401,
        evidence: `no step-up challenge: ${challenge}`,
      };
    }
    return verdict.outcome === 'blocked'
      ? { ...verdict, evidence: `${verdict.evidence}; step-up asked: ${challenge}` }
      : verdict;
  },
);
