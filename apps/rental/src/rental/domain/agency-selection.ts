import type { RentalAgency } from './rental-agency.js';

/**
 * The agency rule: the agency that serves the loss location's state gets the reservation. When
 * several do, the lowest agency id wins, so the same claim always goes to the same agency whatever
 * order the agencies were loaded in. `undefined` when nobody serves the state (the reservation stays
 * REQUESTED without an agency, and no agent can confirm it).
 * @example servingAgency('TX', agencies)?.id // 'R-01'
 */
export function servingAgency(
  state: string,
  agencies: readonly RentalAgency[],
): RentalAgency | undefined {
  const wanted = state.trim().toUpperCase();
  return agencies
    .filter((agency) => agency.serviceStates.some((s) => s.toUpperCase() === wanted))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}
