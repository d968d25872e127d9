import type { EventEnvelope } from '@claimguard/contracts';
import type { TimelineEntry } from '../ports/timeline.repository.port.js';

type Data = Record<string, unknown>;

/** A string field of event data; the catalog already checked types, this only satisfies TS. */
const text = (value: unknown): string => (typeof value === 'string' ? value : 'unknown');

const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const dollars = (cents: unknown): string =>
  typeof cents === 'number' ? USD.format(cents / 100) : 'an amount';

/**
 * What the member reads for each event type: plain words, no personal data (the timeline is
 * shown to the member, the adjuster and the service rep). An event type without words here is
 * still recorded, with its type as the summary, so a new event never goes missing. Amounts are
 * for the member and the adjuster only: see {@link REDACTED_SUMMARIES}.
 */
const SUMMARIES: Record<string, (data: Data) => string> = {
  ClaimFiled: (d) =>
    `Claim filed${d.needsTow ? ', tow requested' : ''}${d.needsRental ? ', rental requested' : ''}`,
  TowJobCreated: (d) =>
    d.companyId
      ? `Tow job opened with ${text(d.companyId)}`
      : 'Tow job opened; finding a tow company',
  TowJobDispatched: (d) => `Tow truck dispatched by ${text(d.companyId)}`,
  VehiclePickedUp: () => 'Vehicle picked up',
  VehicleDelivered: (d) => `Vehicle delivered to collision shop ${text(d.shopId)}`,
  RepairOrderOpened: (d) => `Repair order opened at ${text(d.shopId)}`,
  EstimateSubmitted: (d) => `Estimate submitted: ${dollars(d.totalCents)}`,
  ClaimAssigned: () => 'Assigned to an adjuster for review',
  ClaimApproved: (d) => `Approved: payout ${dollars(d.payoutCents)}`,
  ClaimDenied: () => 'Denied by the adjuster',
  RepairCompleted: () => 'Repair completed',
  ClaimSettled: (d) => `Settled: ${dollars(d.payoutCents)} paid`,
  RentalReserved: (d) =>
    d.agencyId ? `Rental car reserved at ${text(d.agencyId)}` : 'Rental car requested',
  RentalConfirmed: () => 'Rental car confirmed; ready for pick-up',
  RentalClosed: () => 'Rental closed',
};

/**
 * The words of the event types whose summary carries an amount (estimate, payout), as a reader of
 * the redacted view gets them: the step without the money. Every other type reads the same for all.
 */
const REDACTED_SUMMARIES: Record<string, (data: Data) => string> = {
  EstimateSubmitted: () => 'Estimate submitted',
  ClaimApproved: () => 'Approved',
  ClaimSettled: () => 'Settled',
};

/**
 * The timeline entry of an event, or undefined when the event is about no claim. Pure: the
 * projection is rebuildable because the same events always make the same entries.
 * @example timelineEntryOf(envelope) // { claimId, type: 'TowJobDispatched', summary: 'Tow truck dispatched by T-01', ... }
 */
export function timelineEntryOf(envelope: EventEnvelope): TimelineEntry | undefined {
  const data = (envelope.data ?? {}) as Data;
  if (typeof data.claimId !== 'string') return undefined;
  const words = SUMMARIES[envelope.type];
  const redactedWords = REDACTED_SUMMARIES[envelope.type] ?? words;
  return {
    eventId: envelope.id,
    claimId: data.claimId,
    type: envelope.type,
    source: envelope.source,
    occurredAt: new Date(envelope.time),
    summary: words ? words(data) : envelope.type,
    redactedSummary: redactedWords ? redactedWords(data) : envelope.type,
  };
}
