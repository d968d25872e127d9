import type { Metadata } from 'next';
import Link from 'next/link';
import { dollars } from '../../components/money';
import { GatewayErrorPanel } from '../../components/gateway-error-panel';
import { StatusBadge } from '../../components/status-badge';
import { gateway } from '../../server/gateway/gateway-client';
import { handleGatewayError, requirePortal } from '../../server/portal';

export const metadata: Metadata = { title: 'Repair orders' };

/** The repair shop portal's home: my shop's repair orders, newest first. */
export default async function RepairOrders() {
  const session = await requirePortal('repair_shop');
  const result = await gateway(session).listRepairOrders();
  return (
    <section>
      <div className="section-head">
        <h1>Repair orders for {session.party.id}</h1>
      </div>
      {!result.ok ? (
        <GatewayErrorPanel error={handleGatewayError(session, result.error)} />
      ) : result.data.items.length === 0 ? (
        <div className="card empty">
          <p>No repair orders. An order opens when a tow truck delivers a car to your shop.</p>
        </div>
      ) : (
        <table className="table" data-testid="repair-orders">
          <caption className="visually-hidden">Your shop&apos;s repair orders</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Estimate</th>
              <th scope="col">Status</th>
              <th scope="col">Opened</th>
            </tr>
          </thead>
          <tbody>
            {[...result.data.items]
              .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
              .map((order) => (
                <tr key={order.id} data-order-id={order.id} data-claim-id={order.claimId}>
                  <td>
                    <Link href={`/repair/orders/${order.id}`}>Order {order.id.slice(0, 8)}</Link>
                  </td>
                  <td>{order.totalCents > 0 ? dollars(order.totalCents) : '—'}</td>
                  <td>
                    <StatusBadge status={order.status} />
                  </td>
                  <td>
                    {new Date(order.createdAt).toLocaleString('en-US', { timeZone: 'UTC' })} UTC
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
