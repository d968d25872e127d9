import type { Metadata } from 'next';
import Link from 'next/link';
import { GatewayErrorPanel } from '../../../../components/gateway-error-panel';
import { RentalList } from '../../../../components/rental-list';
import { StatusBadge } from '../../../../components/status-badge';
import { gateway } from '../../../../server/gateway/gateway-client';
import { handleGatewayError, requirePortal } from '../../../../server/portal';

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
  const justFiled = (await searchParams).filed === '1';
  const api = gateway(session);
  const [result, rentals] = await Promise.all([api.getClaim(id), api.listReservations()]);
  if (!result.ok) return <GatewayErrorPanel error={handleGatewayError(session, result.error)} />;
  const claim = result.data;
  const rental = rentals.ok ? rentals.data.items.filter((r) => r.claimId === claim.id) : [];
  return (
    <section>
      <p>
        <Link href="/member">← My claims</Link>
      </p>
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
          <dt>Filed</dt>
          <dd>{new Date(claim.filedAt).toLocaleString('en-US', { timeZone: 'UTC' })} UTC</dd>
        </dl>
      </div>
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
