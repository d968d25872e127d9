import type { Metadata } from 'next';
import { SubmitButton } from '../../../../components/submit-button';
import Link from 'next/link';
import { dollars } from '../../../../components/money';
import { GatewayErrorPanel } from '../../../../components/gateway-error-panel';
import { OutcomeNotice } from '../../../../components/outcome-notice';
import { TimelineList } from '../../../../components/timeline-list';
import { RentalList } from '../../../../components/rental-list';
import { StatusBadge } from '../../../../components/status-badge';
import { gateway } from '../../../../server/gateway/gateway-client';
import { handleGatewayError, requirePortal } from '../../../../server/portal';
import { CSRF_FIELD } from '../../../../server/security/csrf';
import { consentAction } from './actions';

const DONE: Record<string, string> = {
  'consent-granted': 'The shop may now see your phone number.',
  'consent-revoked': 'The shop can no longer see your phone number.',
};

export const metadata: Metadata = { title: 'Claim' };

/** One of my claims. Another member's claim is "not found" (the gateway answers 404). */
export default async function ClaimDetail({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requirePortal('member');
  const { id } = await params;
  const { filed, done, failed } = await searchParams;
  const justFiled = filed === '1';
  const api = gateway(session);
  const [result, rentals, timeline] = await Promise.all([
    api.getClaim(id),
    api.listReservations(),
    api.getTimeline(id),
  ]);
  if (!result.ok) return <GatewayErrorPanel error={handleGatewayError(session, result.error)} />;
  const claim = result.data;
  const rental = rentals.ok ? rentals.data.items.filter((r) => r.claimId === claim.id) : [];
  return (
    <section>
      <p>
        <Link href="/member">← My claims</Link>
      </p>
      <OutcomeNotice done={done} failed={failed} messages={DONE} />
      {justFiled ? (
        <div className="notice notice-success" role="status">
          Your claim is filed. {claim.needsTow ? 'We are finding a tow truck near you.' : ''}
        </div>
      ) : null}
      <div className="section-head">
        <h1>
          {claim.vehicle.year} {claim.vehicle.make} {claim.vehicle.model}
        </h1>
        <StatusBadge status={claim.status} />
      </div>
      <div className="card" data-testid="claim-detail" data-claim-id={claim.id}>
        <dl className="facts">
          <dt>Claim number</dt>
          <dd>
            <code>{claim.id}</code>
          </dd>
          <dt>Loss date</dt>
          <dd>{claim.lossDate}</dd>
          <dt>Where</dt>
          <dd>
            {claim.location.street ? `${claim.location.street}, ` : ''}
            {claim.location.city}, {claim.location.state} {claim.location.postalCode}
          </dd>
          <dt>Vehicle</dt>
          <dd>
            {claim.vehicle.year} {claim.vehicle.make} {claim.vehicle.model} · VIN{' '}
            <code>{claim.vehicle.vin}</code>
          </dd>
          <dt>What happened</dt>
          <dd className="prewrap">{claim.description}</dd>
          <dt>Tow</dt>
          <dd>{claim.needsTow ? 'Requested' : 'Not needed'}</dd>
          <dt>Rental car</dt>
          <dd>{claim.needsRental ? 'Requested' : 'Not needed'}</dd>
          {claim.estimate ? (
            <>
              <dt>Repair estimate</dt>
              <dd>{dollars(claim.estimate.totalCents)}</dd>
            </>
          ) : null}
          {claim.payoutCents != null ? (
            <>
              <dt>Approved payout</dt>
              <dd>{dollars(claim.payoutCents)}</dd>
            </>
          ) : null}
          {claim.denialReason ? (
            <>
              <dt>Denied because</dt>
              <dd>{claim.denialReason}</dd>
            </>
          ) : null}
          <dt>Filed</dt>
          <dd>{new Date(claim.filedAt).toLocaleString('en-US', { timeZone: 'UTC' })} UTC</dd>
        </dl>
      </div>
      <h2 className="subhead">Timeline</h2>
      {timeline.ok ? (
        <TimelineList timeline={timeline.data} />
      ) : (
        <GatewayErrorPanel error={timeline.error} />
      )}
      {claim.shopId ? (
        <>
          <h2 className="subhead">Your repair shop</h2>
          <form action={consentAction} className="card actions" data-testid="consent">
            <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
            <input type="hidden" name="claimId" value={claim.id} />
            <input type="hidden" name="shopId" value={claim.shopId} />
            <p>
              Your car is at shop <code>{claim.shopId}</code>. The shop sees your phone number only
              if you allow it, and only until you withdraw that.
            </p>
            <SubmitButton name="consent" value="grant" className="button">
              Let {claim.shopId} see my phone number
            </SubmitButton>
            <SubmitButton name="consent" value="revoke" className="button button-plain">
              Withdraw
            </SubmitButton>
          </form>
        </>
      ) : null}
      {claim.needsRental ? (
        <>
          <h2 className="subhead">Rental car</h2>
          {!rentals.ok ? (
            <GatewayErrorPanel error={rentals.error} />
          ) : rental.length > 0 ? (
            <RentalList items={rental} />
          ) : (
            <p className="muted">We are arranging your rental car; it appears here in a moment.</p>
          )}
        </>
      ) : null}
    </section>
  );
}
