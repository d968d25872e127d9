import type { Metadata } from 'next';
import { SubmitButton } from '../../../../components/submit-button';
import Link from 'next/link';
import { dollars } from '../../../../components/money';
import { GatewayErrorPanel } from '../../../../components/gateway-error-panel';
import { OutcomeNotice } from '../../../../components/outcome-notice';
import { StatusBadge } from '../../../../components/status-badge';
import { gateway } from '../../../../server/gateway/gateway-client';
import { describeError } from '../../../../server/gateway/gateway-error';
import { handleGatewayError, requirePortal } from '../../../../server/portal';
import { CSRF_FIELD } from '../../../../server/security/csrf';
import { completeRepairAction, submitEstimateAction } from './actions';
import { ESTIMATE_ROWS } from './estimate-rows';

export const metadata: Metadata = { title: 'Repair order' };

const DONE: Record<string, string> = {
  estimate: 'Estimate submitted. An adjuster reviews it.',
  complete: 'Repair reported complete. The member sees it on the timeline.',
};

/**
 * One repair order of my shop: the estimate form while it is open, completion once approved, and
 * the member's phone number only while the member consents.
 */
export default async function RepairOrderDetail({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requirePortal('repair_shop');
  const { id } = await params;
  const { done, failed } = await searchParams;
  const api = gateway(session);
  const result = await api.getRepairOrder(id);
  if (!result.ok) return <GatewayErrorPanel error={handleGatewayError(session, result.error)} />;
  const order = result.data;
  const contact = await api.getContact(order.claimId);
  return (
    <section>
      <p>
        <Link href="/repair">← Repair orders</Link>
      </p>
      <OutcomeNotice done={done} failed={failed} messages={DONE} />
      <div className="section-head">
        <h1>Repair order {order.id.slice(0, 8)}</h1>
        <StatusBadge status={order.status} />
      </div>
      <div className="card" data-testid="repair-order" data-order-id={order.id}>
        <dl className="facts">
          <dt>Claim</dt>
          <dd>
            <code>{order.claimId}</code>
          </dd>
          <dt>Member&apos;s phone</dt>
          <dd data-testid="member-contact">
            {contact.ok && contact.data.phone
              ? contact.data.phone
              : contact.ok || contact.error.status === 403 || contact.error.status === 404
                ? 'Not shared: the member has not allowed it.'
                : describeError(contact.error)}
          </dd>
          {order.lineItems.length > 0 ? (
            <>
              <dt>Estimate</dt>
              <dd>
                <ul>
                  {order.lineItems.map((item, i) => (
                    <li key={i}>
                      {item.description}: {dollars(item.amountCents)}
                    </li>
                  ))}
                </ul>
                Total {dollars(order.totalCents)}
              </dd>
            </>
          ) : null}
          {order.payoutCents != null ? (
            <>
              <dt>Approved payout</dt>
              <dd>{dollars(order.payoutCents)}</dd>
            </>
          ) : null}
        </dl>
      </div>

      {order.status === 'OPEN' ? (
        <form action={submitEstimateAction} className="card" data-testid="estimate-form">
          <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
          <input type="hidden" name="orderId" value={order.id} />
          <h2>Estimate</h2>
          <p className="muted">One line per part or labour item; blank lines are ignored.</p>
          <table className="table line-items">
            <thead>
              <tr>
                <th scope="col">Description</th>
                <th scope="col">Amount (USD)</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: ESTIMATE_ROWS }, (_, i) => (
                <tr key={i}>
                  <td>
                    <input
                      name={`description-${i}`}
                      aria-label={`Line ${i + 1} description`}
                      maxLength={200}
                      required={i === 0}
                    />
                  </td>
                  <td>
                    <input
                      name={`amount-${i}`}
                      aria-label={`Line ${i + 1} amount in dollars`}
                      inputMode="decimal"
                      pattern="[$]?[0-9,]+([.][0-9]{1,2})?"
                      required={i === 0}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <SubmitButton className="button">Submit estimate</SubmitButton>
          </p>
        </form>
      ) : null}
      {order.status === 'APPROVED' ? (
        <form action={completeRepairAction} className="card actions">
          <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
          <input type="hidden" name="orderId" value={order.id} />
          <p>The adjuster approved the estimate. Report the repair when the car is ready.</p>
          <SubmitButton className="button">Repair completed</SubmitButton>
        </form>
      ) : null}
    </section>
  );
}
