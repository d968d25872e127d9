import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { claimAtEstimate, decisionVerdict, loginCast } from '../support/saga.js';

attack(
  {
    id: 'API5-BFLA-002',
    title: 'a read-only service rep approves a claim',
    defense: 'bfla',
    owasp: 'API5:2023 Broken Function Level Authorization',
    cwe: 'CWE-285',
    asvs: 'V4.1.3',
    blocked: '403 AUTH.INSUFFICIENT_SCOPE',
    gain: 'ivan (claims:read only) approves a claim: re-read from claims, it is stored APPROVED with payout 138000',
    auditedBy: 'gateway',
    auditAction: 'authz.denied',
    attacker: 'ivan',
    // The decision route needs an MFA login, which ivan does not have: off for both runs, so the
    // function-level check is what decides (API2-STEPUP-001 proves step-up on its own).
    alsoOff: ['step-up'],
  },
  async () => {
    const cast = await loginCast();
    const { claimId } = await claimAtEstimate(cast);
    // ivan holds claims:read only; the decision route needs claims:write.
    const decided = await call<{ status?: string; code?: string }>(
      'POST',
      `/api/claims/${claimId}/decision`,
      {
        token: cast.ivan,
        body: { decision: 'APPROVE', payoutCents: 138_000 },
      },
    );
    return decisionVerdict(cast, claimId, decided, {
      payoutCents: 138_000,
      refused: { status: 403, code: 'AUTH.INSUFFICIENT_SCOPE' },
      who: 'the service rep approved a claim',
    });
  },
);
