import type { Metadata } from 'next';
import Link from 'next/link';
import { GatewayErrorPanel } from '../../components/gateway-error-panel';
import { RentalList } from '../../components/rental-list';
import { StatusBadge } from '../../components/status-badge';
import { gateway } from '../../server/gateway/gateway-client';
import { handleGatewayError, requirePortal } from '../../server/portal';

export const metadata: Metadata = { title: 'My claims' };

/** The member portal's home: my claims, newest first, and the way to file one. */
export default async function MyClaims() {
  const session = await requirePortal('member');
  const api = gateway(session);
  const [result, rentals] = await Promise.all([api.listClaims(), api.listReservations()]);
  return (
    <section>
      <div className="section-head">
        <h1>My claims</h1>
        <Link href="/member/claims/new" className="button">
          File a claim
        </Link>
      </div>
      {!result.ok ? (
        <GatewayErrorPanel error={handleGatewayError(session, result.error)} />
      ) : result.data.items.length === 0 ? (
        <div className="card empty">
          <p>
            You have no claims. If you had an accident, file a claim and we will take it from there.
          </p>
        </div>
      ) : (
        <table className="table" data-testid="my-claims">
          <caption className="visually-hidden">Your claims</caption>
          <thead>
            <tr>
              <th scope="col">Vehicle</th>
              <th scope="col">Loss date</th>
              <th scope="col">Where</th>
              <th scope="col">Status</th>
              <th scope="col">Filed</th>
            </tr>
          </thead>
          <tbody>
            {[...result.data.items]
              .sort((a, b) => b.filedAt.localeCompare(a.filedAt))
              .map((claim) => (
                <tr key={claim.id} data-claim-id={claim.id}>
                  <td>
                    <Link href={`/member/claims/${claim.id}`}>
                      {claim.vehicle.year} {claim.vehicle.make} {claim.vehicle.model}
                    </Link>
                  </td>
                  <td>{claim.lossDate}</td>
                  <td>
                    {claim.location.city}, {claim.location.state}
                  </td>
                  <td>
                    <StatusBadge status={claim.status} />
                  </td>
                  <td>{new Date(claim.filedAt).toLocaleDateString('en-US')}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
      {/* Secondary data: a rental failure is shown here and never hides the claims. */}
      {!rentals.ok ? (
        <>
          <h2 className="subhead">My rental cars</h2>
          <GatewayErrorPanel error={rentals.error} />
        </>
      ) : rentals.data.items.length > 0 ? (
        <>
          <h2 className="subhead">My rental cars</h2>
          <RentalList items={rentals.data.items} />
        </>
      ) : null}
    </section>
  );
}
