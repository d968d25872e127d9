import type { Metadata } from 'next';
import { GatewayErrorPanel } from '../../components/gateway-error-panel';
import { StatusBadge } from '../../components/status-badge';
import { TimelineList } from '../../components/timeline-list';
import { gateway } from '../../server/gateway/gateway-client';
import { requirePortal } from '../../server/portal';
import { UUID } from '../../server/portal-action';

export const metadata: Metadata = { title: 'Claim lookup' };

/**
 * The service rep portal: look up any claim's status by its number. Claims answers a redacted view
 * (no VIN beyond its last four, no street, no description): the rep helps a caller without seeing
 * their personal data. Read-only: a service rep writes nothing.
 */
export default async function ClaimLookup({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requirePortal('service_rep');
  const raw = (await searchParams).claim;
  const claimId = typeof raw === 'string' ? raw.trim() : '';
  const api = gateway(session);
  const valid = UUID.test(claimId);
  const [claim, timeline] = valid
    ? await Promise.all([api.getRedactedClaim(claimId), api.getTimeline(claimId)])
    : [undefined, undefined];
  return (
    <section className="narrow">
      <h1>Claim lookup</h1>
      <form method="get" action="/service" className="card actions" role="search">
        <div className="field">
          <label htmlFor="claim">Claim number</label>
          <input
            id="claim"
            name="claim"
            required
            defaultValue={claimId}
            pattern="[0-9a-fA-F-]{36}"
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <button type="submit" className="button">
          Look up
        </button>
      </form>
      {claimId && !valid ? (
        <div className="notice notice-error" role="alert">
          A claim number has 36 characters, like 7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10.
        </div>
      ) : null}
      {claim && !claim.ok ? <GatewayErrorPanel error={claim.error} /> : null}
      {claim?.ok ? (
        <div className="card" data-testid="redacted-claim" data-claim-id={claim.data.id}>
          <div className="section-head">
            <h2>
              {claim.data.vehicle.year} {claim.data.vehicle.make} {claim.data.vehicle.model} · VIN …
              {claim.data.vehicle.vinLast4}
            </h2>
            <StatusBadge status={claim.data.status} />
          </div>
          <dl className="facts">
            <dt>Loss</dt>
            <dd>
              {claim.data.lossDate}, {claim.data.location.city}, {claim.data.location.state}
            </dd>
            <dt>Shop</dt>
            <dd>{claim.data.shopId ?? '—'}</dd>
            <dt>Last change</dt>
            <dd>
              {new Date(claim.data.updatedAt).toLocaleString('en-US', { timeZone: 'UTC' })} UTC
            </dd>
          </dl>
          <p className="muted">Personal details are hidden from service representatives.</p>
        </div>
      ) : null}
      {claim?.ok && timeline ? (
        <>
          <h2 className="subhead">Timeline</h2>
          {timeline.ok ? (
            <TimelineList timeline={timeline.data} />
          ) : (
            <GatewayErrorPanel error={timeline.error} />
          )}
        </>
      ) : null}
    </section>
  );
}
