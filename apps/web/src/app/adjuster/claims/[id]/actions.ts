'use server';

import { parseDollars } from '../../../../components/money';
import { field, runPortalAction, UUID } from '../../../../server/portal-action';

/** Approves with a payout or denies with a reason (the assigned adjuster). */
export async function decideClaimAction(form: FormData): Promise<void> {
  const id = field(form, 'claimId');
  const decision = field(form, 'decision');
  await runPortalAction(
    'adjuster',
    form,
    decision === 'APPROVE' ? 'approved' : 'denied',
    `/adjuster/claims/${id}`,
    (api) => {
      if (!UUID.test(id)) return 'invalid';
      if (decision === 'APPROVE') {
        const payoutCents = parseDollars(field(form, 'payout'));
        return payoutCents && payoutCents > 0
          ? api.decideClaim(id, { decision: 'APPROVE', payoutCents })
          : 'invalid';
      }
      const reason = field(form, 'reason');
      if (decision !== 'DENY' || !reason || reason.length > 500) return 'invalid';
      return api.decideClaim(id, { decision: 'DENY', reason });
    },
  );
}

/** Issues the payout once the repair is completed; the claim is closed. */
export async function settleClaimAction(form: FormData): Promise<void> {
  const id = field(form, 'claimId');
  await runPortalAction('adjuster', form, 'settled', `/adjuster/claims/${id}`, (api) =>
    UUID.test(id) ? api.settleClaim(id) : 'invalid',
  );
}
