import type { Metadata } from 'next';
import { SubmitButton } from '../../../../components/submit-button';
import Link from 'next/link';
import { dollars } from '../../../../components/money';
import { GatewayErrorPanel } from '../../../../components/gateway-error-panel';
import { OutcomeNotice } from '../../../../components/outcome-notice';
import { StatusBadge } from '../../../../components/status-badge';
import { TimelineList } from '../../../../components/timeline-list';
import { gateway } from '../../../../server/gateway/gateway-client';
import { handleGatewayError, requirePortal } from '../../../../server/portal';
import { CSRF_FIELD } from '../../../../server/security/csrf';
import { decideClaimAction, settleClaimAction } from './actions';

export const metadata: Metadata = { title: 'Claim review' };

const DONE: Record<string, string> = {
  approved: 'Approved. The shop can start the repair.',
  denied: 'Denied. The repair order is closed.',
  settled: 'Payout issued. The claim is settled.',
};

/** An assigned claim: details, the shop's estimate, the decision, and the payout. */
export default async function ClaimReview({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requirePortal('adjuster');
  const { id } = await params;
  const { done, failed, stepup } = await searchParams;
  const api = gateway(session);
  const [result, timeline] = await Promise.all([api.getClaim(id), api.getTimeline(id)]);
  if (!result.ok) return <GatewayErrorPanel error={handleGatewayError(session, result.error)} />;
  const claim = result.data;
  const total = claim.estimate?.totalCents;
  return (
    <section>
      <p>
        <Link href="/adjuster">← My queue</Link>
      </p>
      <OutcomeNotice done={done} failed={failed} messages={DONE} />
      {stepup === '1' ? (
        <div className="notice notice-success" role="status">
          You confirmed it is you. Press the button again to finish.
        </div>
      ) : null}
      <div className="section-head">
        <h1>
          {claim.vehicle.year} {claim.vehicle.make} {claim.vehicle.model}
        </h1>
        <StatusBadge status={claim.status} />
      </div>
      <div className="card" data-testid="claim-review" data-claim-id={claim.id}>
        <dl className="facts">
          <dt>Claim number</dt>
          <dd>
            <code>{claim.id}</code>
          </dd>
          <dt>Loss</dt>
          <dd>
            {claim.lossDate}, {claim.location.city}, {claim.location.state}
          </dd>
          <dt>What happened</dt>
          <dd className="prewrap">{claim.description}</dd>
          <dt>Shop</dt>
          <dd>{claim.shopId ?? '—'}</dd>
          <dt>Estimate</dt>
          <dd>
            {claim.estimate ? (
              <>
                <ul>
                  {claim.estimate.lineItems.map((item, i) => (
                    <li key={i}>
                      {item.description}: {dollars(item.amountCents)}
                    </li>
                  ))}
                </ul>
                Total {dollars(claim.estimate.totalCents)}
              </>
            ) : (
              'Not yet submitted'
            )}
          </dd>
          {claim.payoutCents != null ? (
            <>
              <dt>Payout</dt>
              <dd>{dollars(claim.payoutCents)}</dd>
            </>
          ) : null}
          {claim.denialReason ? (
            <>
              <dt>Denied because</dt>
              <dd>{claim.denialReason}</dd>
            </>
          ) : null}
        </dl>
      </div>

      {claim.status === 'ESTIMATE_SUBMITTED' ? (
        <div className="row" data-testid="decision">
          <form action={decideClaimAction} className="card">
            <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
            <input type="hidden" name="claimId" value={claim.id} />
            <input type="hidden" name="decision" value="APPROVE" />
            <h2>Approve</h2>
            <div className="field">
              <label htmlFor="payout">Payout (USD)</label>
              <input
                id="payout"
                name="payout"
                required
                inputMode="decimal"
                pattern="[$]?[0-9,]+([.][0-9]{1,2})?"
                defaultValue={total ? (total / 100).toFixed(2) : ''}
              />
            </div>
            <p>
              <SubmitButton className="button">Approve the estimate</SubmitButton>
            </p>
          </form>
          <form action={decideClaimAction} className="card">
            <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
            <input type="hidden" name="claimId" value={claim.id} />
            <input type="hidden" name="decision" value="DENY" />
            <h2>Deny</h2>
            <div className="field">
              <label htmlFor="reason">Reason (the member sees it)</label>
              <textarea id="reason" name="reason" required maxLength={500} rows={3} />
            </div>
            <p>
              <SubmitButton className="button button-plain">Deny the claim</SubmitButton>
            </p>
          </form>
        </div>
      ) : null}
      {claim.status === 'REPAIR_COMPLETED' ? (
        <form action={settleClaimAction} className="card actions">
          <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
          <input type="hidden" name="claimId" value={claim.id} />
          <p>The repair is done. Issue the payout of {dollars(claim.payoutCents ?? 0)}.</p>
          <SubmitButton className="button">Settle the claim</SubmitButton>
        </form>
      ) : null}

      <h2 className="subhead">Timeline</h2>
      {timeline.ok ? (
        <TimelineList timeline={timeline.data} />
      ) : (
        <GatewayErrorPanel error={timeline.error} />
      )}
    </section>
  );
}
