import type { Metadata } from 'next';
import { SubmitButton } from '../../components/submit-button';
import { GatewayErrorPanel } from '../../components/gateway-error-panel';
import { StatusBadge } from '../../components/status-badge';
import { gateway } from '../../server/gateway/gateway-client';
import { describeError } from '../../server/gateway/gateway-error';
import { handleGatewayError, requirePortal } from '../../server/portal';
import { CSRF_FIELD } from '../../server/security/csrf';
import { confirmReservationAction } from './actions';

export const metadata: Metadata = { title: 'Reservations' };

/** The rental agent portal: my agency's reservations; requested ones can be confirmed. */
export default async function Reservations({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requirePortal('rental_agent');
  const { confirmed, failed } = await searchParams;
  const result = await gateway(session).listReservations();
  return (
    <section>
      <div className="section-head">
        <h1>Reservations for {session.party.id}</h1>
      </div>
      {typeof confirmed === 'string' ? (
        <div className="notice notice-success" role="status">
          Reservation confirmed. The member sees it on their claim.
        </div>
      ) : null}
      {typeof failed === 'string' ? (
        <div className="notice notice-error" role="alert">
          {failed === 'REQUEST.FORGED'
            ? 'This form could not be accepted. Reload the page and try again.'
            : describeError({ status: 400, code: failed })}
        </div>
      ) : null}
      {!result.ok ? (
        <GatewayErrorPanel error={handleGatewayError(session, result.error)} />
      ) : result.data.items.length === 0 ? (
        <div className="card empty">
          <p>No reservations for your agency. New ones appear here when members ask for a car.</p>
        </div>
      ) : (
        <table className="table" data-testid="reservations">
          <caption className="visually-hidden">Your agency&apos;s reservations</caption>
          <thead>
            <tr>
              <th scope="col">Pickup</th>
              <th scope="col">Requested</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...result.data.items]
              .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))
              .map((r) => (
                <tr key={r.id} data-reservation-id={r.id} data-claim-id={r.claimId}>
                  <td>
                    {r.pickup.city}, {r.pickup.state}
                  </td>
                  <td>
                    {new Date(r.requestedAt).toLocaleString('en-US', { timeZone: 'UTC' })} UTC
                  </td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>
                    {r.status === 'REQUESTED' ? (
                      <form action={confirmReservationAction}>
                        <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />
                        <input type="hidden" name="reservationId" value={r.id} />
                        <SubmitButton className="button">Confirm</SubmitButton>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
