import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { claimAtEstimate, decisionVerdict, loginCast } from '../support/saga.js';

attack(
  {
    id: 'API5-BFLA-001',
    title: 'a member approves their own claim with a payout of their choosing',
    defense: 'bfla',
    owasp: 'API5:2023 Broken Function Level Authorization',
    cwe: 'CWE-285',
    asvs: 'V4.1.3',
    blocked: '403 AUTHZ.FORBIDDEN',
    gain: 'alice approves her own claim: re-read from claims, it is stored APPROVED with payout 138000',
    auditedBy: 'claims',
    auditAction: 'authz.denied',
    attacker: 'alice',
    // The decision route needs an MFA login, which the attacker does not have: off for both runs,
    // so the function-level check is what decides (API2-STEPUP-001 proves step-up on its own).
    alsoOff: ['step-up'],
  },
  async () => {
    const cast = await loginCast();
    const { claimId } = await claimAtEstimate(cast);
    const decided = await call<{ status?: string; code?: string }>(
      'POST',
      `/api/claims/${claimId}/decision`,
      {
        token: cast.alice,
        body: { decision: 'APPROVE', payoutCents: 138_000 },
      },
    );
    return decisionVerdict(cast, claimId, decided, {
      payoutCents: 138_000,
      refused: { status: 403, code: 'AUTHZ.FORBIDDEN' },
      who: 'alice approved her own claim',
    });
  },
);
