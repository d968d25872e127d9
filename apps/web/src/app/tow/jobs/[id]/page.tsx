import type { Metadata } from 'next';
import Link from 'next/link';
import { GatewayErrorPanel } from '../../../../components/gateway-error-panel';
import { StatusBadge } from '../../../../components/status-badge';
import { gateway } from '../../../../server/gateway/gateway-client';
import { handleGatewayError, requirePortal } from '../../../../server/portal';

export const metadata: Metadata = { title: 'Tow job' };

/** One tow job of my company; another company's job is "not found". */
export default async function TowJobDetail({ params }: { params: Promise<{ id: string }> }) {
  const session = await requirePortal('tow_operator');
  const { id } = await params;
  const result = await gateway(session).getTowJob(id);
  if (!result.ok) return <GatewayErrorPanel error={handleGatewayError(session, result.error)} />;
  const job = result.data;
  return (
    <section>
      <p>
        <Link href="/tow">← Tow jobs</Link>
      </p>
      <div className="section-head">
        <h1>
          Tow: {job.vehicle.year} {job.vehicle.make} {job.vehicle.model}
        </h1>
        <StatusBadge status={job.status} />
      </div>
      <div className="card" data-testid="tow-job-detail">
        <dl className="facts">
          <dt>Pickup</dt>
          <dd>
            {job.pickup.street ? `${job.pickup.street}, ` : ''}
            {job.pickup.city}, {job.pickup.state} {job.pickup.postalCode}
          </dd>
          <dt>Vehicle</dt>
          <dd>
            {job.vehicle.year} {job.vehicle.make} {job.vehicle.model}
          </dd>
          <dt>Company</dt>
          <dd>{job.companyId ?? 'Not assigned'}</dd>
          <dt>Claim</dt>
          <dd>
            <code>{job.claimId}</code>
          </dd>
          <dt>Created</dt>
          <dd>{new Date(job.createdAt).toLocaleString('en-US', { timeZone: 'UTC' })} UTC</dd>
        </dl>
      </div>
    </section>
  );
}
