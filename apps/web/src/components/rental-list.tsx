import type { ReservationView } from '../server/gateway/gateway-types';
import { StatusBadge } from './status-badge';

/** A member's rental reservations: where to pick the car up and where the booking stands. */
export function RentalList({ items }: { items: ReservationView[] }) {
  return (
    <ul className="rentals" data-testid="rentals">
      {items.map((r) => (
        <li key={r.id} className="card" data-reservation-id={r.id} data-claim-id={r.claimId}>
          <StatusBadge status={r.status} /> Rental car in {r.pickup.city}, {r.pickup.state}
          {r.agencyId ? ` · agency ${r.agencyId}` : ' · waiting for an agency'}
          {r.confirmedAt
            ? ` · confirmed ${new Date(r.confirmedAt).toLocaleDateString('en-US')}`
            : ''}
        </li>
      ))}
    </ul>
  );
}
