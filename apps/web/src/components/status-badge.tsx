const WORDS: Record<string, string> = {
  FILED: 'Filed',
  TOW_DISPATCHED: 'Tow dispatched',
  VEHICLE_AT_SHOP: 'Vehicle at the shop',
  ESTIMATE_SUBMITTED: 'Estimate submitted',
  APPROVED: 'Approved',
  DENIED: 'Denied',
  REPAIR_COMPLETED: 'Repair completed',
  SETTLED: 'Settled',
  ASSIGNED: 'Assigned to your company',
  UNASSIGNED: 'Waiting for a tow company',
  DISPATCHED: 'Truck dispatched',
  PICKED_UP: 'Car picked up',
  DELIVERED: 'Delivered to the shop',
  OPEN: 'Waiting for the estimate',
  COMPLETED: 'Repair completed',
  REQUESTED: 'Requested',
  CONFIRMED: 'Confirmed',
  CLOSED: 'Closed',
};

/** A claim's or a job's status in words; the raw status stays available to tests and tools. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      className={`badge badge-${status.toLowerCase().replaceAll('_', '-')}`}
      data-status={status}
    >
      {WORDS[status] ?? status}
    </span>
  );
}
