import { describe, expect, it } from 'vitest';
import { servingAgency } from './agency-selection.js';
import type { RentalAgency } from './rental-agency.js';

/** The agency the seed migration creates. */
const HILL_COUNTRY: RentalAgency = {
  id: 'R-01',
  name: 'Hill Country Rentals',
  serviceStates: ['TX', 'OK', 'LA', 'NM'],
};
const SEEDED = [HILL_COUNTRY];

describe('servingAgency', () => {
  it.each(['TX', 'OK', 'LA', 'NM'])(
    'sends a loss in %s to Hill Country Rentals (R-01)',
    (state) => {
      expect(servingAgency(state, SEEDED)?.id).toBe('R-01');
    },
  );

  it.each(['CA', 'NY', 'FL', ''])('chooses nobody when no agency serves %j', (state) => {
    expect(servingAgency(state, SEEDED)).toBeUndefined();
  });

  it('chooses nobody when there are no agencies at all', () => {
    expect(servingAgency('TX', [])).toBeUndefined();
  });

  it('matches a state code regardless of case and surrounding blanks', () => {
    expect(servingAgency(' tx ', SEEDED)?.id).toBe('R-01');
  });

  it('picks the lowest agency id when several serve the state, whatever the load order', () => {
    const rival: RentalAgency = { id: 'R-00', name: 'Rival', serviceStates: ['TX'] };
    expect(servingAgency('TX', [HILL_COUNTRY, rival])?.id).toBe('R-00');
    expect(servingAgency('TX', [rival, HILL_COUNTRY])?.id).toBe('R-00');
  });
});
