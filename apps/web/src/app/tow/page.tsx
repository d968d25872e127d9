import type { Metadata } from 'next';
import Link from 'next/link';
import { GatewayErrorPanel } from '../../components/gateway-error-panel';
import { StatusBadge } from '../../components/status-badge';
import { gateway } from '../../server/gateway/gateway-client';
import { handleGatewayError, requirePortal } from '../../server/portal';

export const metadata: Metadata = { title: 'Tow jobs' };

/** The tow operator portal's home: my company's jobs, newest first. */
export default async function TowJobs() {
  const session = await requirePortal('tow_operator');
  const result = await gateway(session).listTowJobs();
  return (
    <section>
      <div className="section-head">
        <h1>Tow jobs for {session.party.id}</h1>
      </div>
      {!result.ok ? (
        <GatewayErrorPanel error={handleGatewayError(session, result.error)} />
      ) : result.data.items.length === 0 ? (
        <div className="card empty">
          <p>
            No tow jobs for your company right now. New jobs appear here as members file claims.
          </p>
        </div>
      ) : (
        <table className="table" data-testid="tow-jobs">
          <caption className="visually-hidden">Your company&apos;s tow jobs</caption>
          <thead>
            <tr>
              <th scope="col">Pickup</th>
              <th scope="col">Vehicle</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {[...result.data.items]
              .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
              .map((job) => (
                <tr key={job.id} data-job-id={job.id} data-claim-id={job.claimId}>
                  <td>
                    <Link href={`/tow/jobs/${job.id}`}>
                      {job.pickup.street ? `${job.pickup.street}, ` : ''}
                      {job.pickup.city}, {job.pickup.state} {job.pickup.postalCode}
                    </Link>
                  </td>
                  <td>
                    {job.vehicle.year} {job.vehicle.make} {job.vehicle.model}
                  </td>
                  <td>
                    <StatusBadge status={job.status} />
                  </td>
                  <td>
                    {new Date(job.createdAt).toLocaleString('en-US', { timeZone: 'UTC' })} UTC
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
