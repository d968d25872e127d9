import { describe, expect, it } from 'vitest';
import { dispatchCompany } from './dispatch.js';
import type { TowCompany } from './tow-company.js';

/** The companies the seed migration creates. */
const LONE_STAR: TowCompany = {
  id: 'T-01',
  name: 'Lone Star Towing',
  serviceStates: ['TX', 'OK', 'LA', 'NM'],
};
const GOLDEN_STATE: TowCompany = {
  id: 'T-02',
  name: 'Golden State Recovery',
  serviceStates: ['CA', 'NV', 'AZ', 'OR'],
};
const SEEDED = [LONE_STAR, GOLDEN_STATE];

describe('dispatchCompany', () => {
  it.each(['TX', 'OK', 'LA', 'NM'])('sends a loss in %s to Lone Star Towing (T-01)', (state) => {
    expect(dispatchCompany(state, SEEDED)?.id).toBe('T-01');
  });

  it.each(['CA', 'NV', 'AZ', 'OR'])(
    'sends a loss in %s to Golden State Recovery (T-02)',
    (state) => {
      expect(dispatchCompany(state, SEEDED)?.id).toBe('T-02');
    },
  );

  it.each(['NY', 'FL', 'WA', ''])('assigns nobody when no company serves %j', (state) => {
    expect(dispatchCompany(state, SEEDED)).toBeUndefined();
  });

  it('assigns nobody when there are no companies at all', () => {
    expect(dispatchCompany('TX', [])).toBeUndefined();
  });

  it('matches a state code regardless of case and surrounding blanks', () => {
    expect(dispatchCompany(' tx ', SEEDED)?.id).toBe('T-01');
  });

  it('picks the lowest company id when several serve the state, whatever the load order', () => {
    const rival: TowCompany = { id: 'T-00', name: 'Rival', serviceStates: ['TX'] };
    expect(dispatchCompany('TX', [LONE_STAR, rival])?.id).toBe('T-00');
    expect(dispatchCompany('TX', [rival, LONE_STAR])?.id).toBe('T-00');
  });
});
