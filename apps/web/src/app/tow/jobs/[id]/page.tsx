import type { Metadata } from 'next';
import { SubmitButton } from '../../../../components/submit-button';
import Link from 'next/link';
import { GatewayErrorPanel } from '../../../../components/gateway-error-panel';
import { OutcomeNotice } from '../../../../components/outcome-notice';
import { StatusBadge } from '../../../../components/status-badge';
import { gateway } from '../../../../server/gateway/gateway-client';
import { handleGatewayError, requirePortal } from '../../../../server/portal';
import { CSRF_FIELD } from '../../../../server/security/csrf';
import { moveTowJobAction } from './actions';

const DONE: Record<string, string> = {
  dispatch: 'A truck is on its way. The member sees it on the timeline.',
  'pick-up': 'The car is picked up.',
  deliver: 'The car is delivered to the shop; the shop opens a repair order.',
};

/** The next move of a job in each status (docs/saga.md), and its button. */
const NEXT: Record<string, { move: 'dispatch' | 'pick-up' | 'deliver'; label: string }> = {
  ASSIGNED: { move: 'dispatch', label: 'Dispatch a truck' },
  DISPATCHED: { move: 'pick-up', label: 'Car picked up' },
  PICKED_UP: { move: 'deliver', label: 'Delivered to the shop' },
};

export const metadata: Metadata = { title: 'Tow job' };

/** One tow job of my company; another company's job is "not found". */
export default async function TowJobDetail({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requirePortal('tow_operator');
  const { id } = await params;
  const { done, failed } = await searchParams;
  const result = await gateway(session).getTowJob(id);
  if (!result.ok) return <GatewayErrorPanel error={handleGatewayError(session, result.error)} />;
  const job = result.data;
  const next = NEXT[job.status];
  return (
    <section>
      <p>
        <Link href="/tow">← Tow jobs</Link>
      </p>
      <OutcomeNotice done={done} failed={failed} messages={DONE} />
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
      {next ? (
        <form action={moveTowJobAction} className="card actions" data-testid="tow-next-move">
          <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
          <input type="hidden" name="jobId" value={job.id} />
          <input type="hidden" name="move" value={next.move} />
          {next.move === 'deliver' ? (
            <div className="field">
              <label htmlFor="shopId">Partner shop</label>
              <select id="shopId" name="shopId" required defaultValue="S-01">
                <option value="S-01">S-01</option>
                <option value="S-02">S-02</option>
              </select>
            </div>
          ) : null}
          <SubmitButton className="button">{next.label}</SubmitButton>
        </form>
      ) : null}
    </section>
  );
}
