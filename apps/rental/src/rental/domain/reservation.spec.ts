import { describe, expect, it } from 'vitest';
import type { ClaimFiledV1 } from '@claimguard/contracts';
import type { RentalAgency } from './rental-agency.js';
import { Reservation, type ReservationSnapshot } from './reservation.js';

const AGENCIES: RentalAgency[] = [
  { id: 'R-01', name: 'Hill Country Rentals', serviceStates: ['TX', 'OK', 'LA', 'NM'] },
];
const ID = '3f0c2b1a-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
const CLAIM_ID = '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10';
const NOW = new Date('2026-03-14T15:09:26.000Z');
const LATER = new Date('2026-03-15T09:00:00.000Z');

/** `ClaimFiled` v1 data as claims publishes it. */
function claimFiled(overrides: Partial<ClaimFiledV1> = {}): ClaimFiledV1 {
  return {
    claimId: CLAIM_ID,
    memberId: 'M-100001',
    vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
    lossDate: '2026-03-13',
    location: { street: '100 Main St', city: 'San Antonio', state: 'TX', postalCode: '78205' },
    needsTow: true,
    needsRental: true,
    ...overrides,
  };
}

function reserved(overrides: Partial<ClaimFiledV1> = {}): Reservation {
  const made = Reservation.reserveForClaim(claimFiled(overrides), AGENCIES, { id: ID, now: NOW });
  if (!made) throw new Error('expected a reservation');
  return made.reservation;
}

function stored(snapshot: Partial<ReservationSnapshot>): Reservation {
  return Reservation.restore({ ...reserved().snapshot(), ...snapshot });
}

describe('Reservation.reserveForClaim', () => {
  it("reserves a REQUESTED car at the agency serving the loss state, keeping the member's id", () => {
    const made = Reservation.reserveForClaim(claimFiled(), AGENCIES, { id: ID, now: NOW });

    expect(made?.reservation.snapshot()).toEqual({
      id: ID,
      claimId: CLAIM_ID,
      memberId: 'M-100001',
      agencyId: 'R-01',
      status: 'REQUESTED',
      pickup: { city: 'San Antonio', state: 'TX' },
      requestedAt: NOW,
      confirmedAt: null,
      closedAt: null,
      coveredDays: null,
    });
  });

  it('raises RentalReserved with the reservation, the claim and the agency', () => {
    const made = Reservation.reserveForClaim(claimFiled(), AGENCIES, { id: ID, now: NOW });
    expect(made?.event).toEqual({
      type: 'RentalReserved',
      version: 1,
      reservationId: ID,
      data: { reservationId: ID, claimId: CLAIM_ID, agencyId: 'R-01' },
    });
  });

  it('keeps neither the VIN nor the street nor any other claim field it does not need', () => {
    const kept = JSON.stringify(reserved().snapshot());
    expect(kept).not.toContain('1HGCM82633A004352');
    expect(kept).not.toContain('100 Main St');
    expect(kept).not.toContain('78205');
    expect(kept).not.toContain('needsTow');
  });

  it('reserves without an agency when nobody serves the state, and says so in the event', () => {
    const location = { city: 'Albany', state: 'NY', postalCode: '12207' };
    const made = Reservation.reserveForClaim(claimFiled({ location }), AGENCIES, {
      id: ID,
      now: NOW,
    });
    expect(made?.reservation.snapshot()).toMatchObject({ agencyId: null, status: 'REQUESTED' });
    expect(made?.event.data.agencyId).toBeNull();
  });

  it('reserves nothing and raises nothing for a claim that asked for no rental', () => {
    expect(
      Reservation.reserveForClaim(claimFiled({ needsRental: false }), AGENCIES, {
        id: ID,
        now: NOW,
      }),
    ).toBeUndefined();
  });
});

describe('Reservation.confirm', () => {
  it('moves REQUESTED to CONFIRMED with the time, and raises RentalConfirmed', () => {
    const { reservation, event } = reserved().confirm(LATER, 14);
    expect(reservation.snapshot()).toMatchObject({
      status: 'CONFIRMED',
      confirmedAt: LATER,
      coveredDays: 14,
    });
    expect(event).toEqual({
      type: 'RentalConfirmed',
      version: 1,
      reservationId: ID,
      data: { reservationId: ID, claimId: CLAIM_ID, agencyId: 'R-01' },
    });
  });

  it('leaves the reservation it was called on unchanged', () => {
    const original = reserved();
    original.confirm(LATER, 14);
    expect(original.status).toBe('REQUESTED');
  });

  it.each([
    ['CONFIRMED', { status: 'CONFIRMED', confirmedAt: NOW }],
    ['CLOSED', { status: 'CLOSED', closedAt: NOW }],
  ] as const)('refuses to confirm a %s reservation with RENTAL.ILLEGAL_TRANSITION', (_, state) => {
    expect(() => stored(state).confirm(LATER, 14)).toThrow(
      expect.objectContaining({ code: 'RENTAL.ILLEGAL_TRANSITION', status: 409 }),
    );
  });

  it('refuses to confirm a reservation no agency serves', () => {
    expect(() => stored({ agencyId: null }).confirm(LATER, 14)).toThrow(
      expect.objectContaining({ code: 'RENTAL.ILLEGAL_TRANSITION' }),
    );
  });
});

describe('Reservation.close', () => {
  it.each([
    ['REQUESTED', {}],
    ['CONFIRMED', { status: 'CONFIRMED', confirmedAt: NOW }],
  ] as const)('closes a %s reservation and raises RentalClosed', (_, state) => {
    const closed = stored(state).close(LATER);
    expect(closed.outcome).toBe('closed');
    if (closed.outcome !== 'closed') return;
    expect(closed.reservation.snapshot()).toMatchObject({ status: 'CLOSED', closedAt: LATER });
    expect(closed.event).toEqual({
      type: 'RentalClosed',
      version: 1,
      reservationId: ID,
      data: { reservationId: ID, claimId: CLAIM_ID, agencyId: 'R-01' },
    });
  });

  it('closes a reservation no agency serves, naming no agency', () => {
    const closed = stored({ agencyId: null }).close(LATER);
    expect(closed.outcome === 'closed' && closed.event.data.agencyId).toBeNull();
  });

  it('changes nothing and raises nothing for a reservation already closed', () => {
    expect(stored({ status: 'CLOSED', closedAt: NOW }).close(LATER)).toEqual({
      outcome: 'already-closed',
    });
  });
});

describe('Reservation.snapshot', () => {
  it('hands out copies: changing a snapshot does not change the reservation', () => {
    const reservation = reserved();
    const copy = reservation.snapshot() as { pickup: { city: string } };
    copy.pickup.city = 'Elsewhere';
    expect(reservation.snapshot().pickup.city).toBe('San Antonio');
  });
});
