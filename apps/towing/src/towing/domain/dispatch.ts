import type { TowCompany } from './tow-company.js';

/**
 * The dispatch rule: the company that serves the loss location's state gets the job. When several
 * do, the lowest company id wins, so the same claim always goes to the same company whatever order
 * the companies were loaded in. `undefined` when nobody serves the state (the job stays UNASSIGNED).
 * @example dispatchCompany('TX', companies)?.id // 'T-01'
 */
export function dispatchCompany(
  state: string,
  companies: readonly TowCompany[],
): TowCompany | undefined {
  const wanted = state.trim().toUpperCase();
  return companies
    .filter((company) => company.serviceStates.some((s) => s.toUpperCase() === wanted))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}
