import type { Metadata } from 'next';
import Link from 'next/link';
import { dollars } from '../../components/money';
import { GatewayErrorPanel } from '../../components/gateway-error-panel';
import { StatusBadge } from '../../components/status-badge';
import { gateway } from '../../server/gateway/gateway-client';
import { handleGatewayError, requirePortal } from '../../server/portal';

export const metadata: Metadata = { title: 'My queue' };

/** The adjuster portal's home: the claims assigned to me, those waiting for a decision first. */
export default async function AdjusterQueue() {
  const session = await requirePortal('adjuster');
  const result = await gateway(session).listClaims();
  const waiting = (status: string) => (status === 'ESTIMATE_SUBMITTED' ? 0 : 1);
  return (
    <section>
      <div className="section-head">
        <h1>My queue</h1>
      </div>
      {!result.ok ? (
        <GatewayErrorPanel error={handleGatewayError(session, result.error)} />
      ) : result.data.items.length === 0 ? (
        <div className="card empty">
          <p>
            No claims are assigned to you. A claim arrives here when a shop submits an estimate.
          </p>
        </div>
      ) : (
        <table className="table" data-testid="adjuster-queue">
          <caption className="visually-hidden">Claims assigned to you</caption>
          <thead>
            <tr>
              <th scope="col">Vehicle</th>
              <th scope="col">Where</th>
              <th scope="col">Estimate</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {[...result.data.items]
              .sort(
                (a, b) =>
                  waiting(a.status) - waiting(b.status) ||
                  (b.updatedAt ?? b.filedAt).localeCompare(a.updatedAt ?? a.filedAt),
              )
              .map((claim) => (
                <tr key={claim.id} data-claim-id={claim.id}>
                  <td>
                    <Link href={`/adjuster/claims/${claim.id}`}>
                      {claim.vehicle.year} {claim.vehicle.make} {claim.vehicle.model}
                    </Link>
                  </td>
                  <td>
                    {claim.location.city}, {claim.location.state}
                  </td>
                  <td>{claim.estimate ? dollars(claim.estimate.totalCents) : '—'}</td>
                  <td>
                    <StatusBadge status={claim.status} />
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
