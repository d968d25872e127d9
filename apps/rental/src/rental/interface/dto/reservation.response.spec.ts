import { describe, expect, it } from 'vitest';
import type { ReservationSnapshot } from '../../domain/reservation.js';
import { toReservationResponse } from './reservation.response.js';

const reservation: ReservationSnapshot = {
  id: '3f0c2b1a-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
  claimId: '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10',
  memberId: 'M-100001',
  agencyId: 'R-01',
  status: 'CONFIRMED',
  pickup: { city: 'San Antonio', state: 'TX' },
  requestedAt: new Date('2026-03-14T15:09:26.000Z'),
  confirmedAt: new Date('2026-03-14T16:00:00.000Z'),
  closedAt: null,
  coveredDays: 14,
};

describe('toReservationResponse', () => {
  it('answers exactly the DTO fields, with ISO timestamps and null for moves not made', () => {
    expect(toReservationResponse(reservation)).toEqual({
      id: reservation.id,
      claimId: reservation.claimId,
      agencyId: 'R-01',
      status: 'CONFIRMED',
      pickup: { city: 'San Antonio', state: 'TX' },
      requestedAt: '2026-03-14T15:09:26.000Z',
      confirmedAt: '2026-03-14T16:00:00.000Z',
      closedAt: null,
      coveredDays: 14,
    });
  });

  it('never carries the member id', () => {
    expect(JSON.stringify(toReservationResponse(reservation))).not.toContain('M-100001');
  });

  it('drops any field a stored object might grow (allow-list, not spread)', () => {
    const grown = {
      ...reservation,
      internalNote: 'x',
      pickup: { ...reservation.pickup, street: '100 Main St' },
    } as ReservationSnapshot;
    expect(JSON.stringify(toReservationResponse(grown))).not.toMatch(/internalNote|street|Main/);
  });

  it('keeps agencyId null for a reservation no agency serves', () => {
    expect(toReservationResponse({ ...reservation, agencyId: null }).agencyId).toBeNull();
  });
});
