import { describe, expect, it } from 'vitest';
import type { ClaimFiledV1 } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import type { RentalAgency } from '../../../domain/rental-agency.js';
import { RentalAgencyRepository } from '../../ports/rental-agency.repository.port.js';
import type { ChangeContext } from '../../ports/reservation.repository.port.js';
import { InMemoryReservationRepository } from '../../ports/reservation.repository.fake.js';
import type { Transaction } from '../../ports/transaction.js';
import { ReserveRentalCommand } from './reserve-rental.command.js';
import { ReserveRentalHandler } from './reserve-rental.handler.js';

class FixedAgencies extends RentalAgencyRepository {
  all(): Promise<RentalAgency[]> {
    return Promise.resolve([
      { id: 'R-01', name: 'Hill Country Rentals', serviceStates: ['TX', 'OK', 'LA', 'NM'] },
    ]);
  }
}

const TX = { marker: 'the event transaction' } as unknown as Transaction;
const CONTEXT: ChangeContext = {
  correlationId: '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c',
  causationId: '1f2e3d4c-5b6a-4987-8a1b-2c3d4e5f6a7b',
};

function claimFiled(overrides: Partial<ClaimFiledV1> = {}): ClaimFiledV1 {
  return {
    claimId: '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10',
    memberId: 'M-100001',
    vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
    lossDate: '2026-03-13',
    location: { city: 'San Antonio', state: 'TX', postalCode: '78205' },
    needsTow: true,
    needsRental: true,
    ...overrides,
  };
}

function setup() {
  const reservations = new InMemoryReservationRepository();
  const handler = new ReserveRentalHandler(
    reservations,
    new FixedAgencies(),
    createLogger('rental-test', 'silent'),
  );
  return { reservations, handler };
}

describe('ReserveRentalHandler', () => {
  it("reserves the member's car at R-01 and saves it with RentalReserved, the event's context and transaction", async () => {
    const { reservations, handler } = setup();

    const result = await handler.execute(new ReserveRentalCommand(claimFiled(), CONTEXT, TX));

    expect(result).toMatchObject({
      outcome: 'reserved',
      reservation: { memberId: 'M-100001', agencyId: 'R-01', status: 'REQUESTED' },
    });
    expect(reservations.writes).toHaveLength(1);
    const [write] = reservations.writes;
    expect(write?.events).toEqual([
      expect.objectContaining({ type: 'RentalReserved', reservationId: write?.reservation.id }),
    ]);
    expect(write?.context).toEqual(CONTEXT);
    expect(write?.tx).toBe(TX);
  });

  it('gives every reservation a fresh UUID', async () => {
    const { reservations, handler } = setup();
    await handler.execute(new ReserveRentalCommand(claimFiled(), CONTEXT, TX));
    await handler.execute(
      new ReserveRentalCommand(
        claimFiled({ claimId: '9e8d7c6b-5a49-4382-9716-a5b4c3d2e1f0' }),
        CONTEXT,
        TX,
      ),
    );
    const [first, second] = reservations.writes.map((w) => w.reservation.id);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first).not.toBe(second);
  });

  it('keeps the existing reservation when the claim already has one, and saves nothing new', async () => {
    const { reservations, handler } = setup();
    const first = await handler.execute(new ReserveRentalCommand(claimFiled(), CONTEXT, TX));

    const again = await handler.execute(new ReserveRentalCommand(claimFiled(), CONTEXT, TX));

    expect(again.outcome).toBe('already-reserved');
    expect(again.outcome === 'already-reserved' && again.reservation.id).toBe(
      first.outcome === 'reserved' && first.reservation.id,
    );
    expect(reservations.writes).toHaveLength(1);
  });

  it("answers conflict, saving nothing, when the claim's reservation is another member's", async () => {
    const { reservations, handler } = setup();
    await handler.execute(new ReserveRentalCommand(claimFiled(), CONTEXT, TX));

    const forged = await handler.execute(
      new ReserveRentalCommand(claimFiled({ memberId: 'M-100002' }), CONTEXT, TX),
    );

    expect(forged).toMatchObject({ outcome: 'conflict', reservation: { memberId: 'M-100001' } });
    expect(reservations.writes).toHaveLength(1);
  });

  it('reserves nothing for a claim that asked for no rental', async () => {
    const { reservations, handler } = setup();
    const result = await handler.execute(
      new ReserveRentalCommand(claimFiled({ needsRental: false }), CONTEXT, TX),
    );
    expect(result).toEqual({ outcome: 'not-needed' });
    expect(reservations.writes).toHaveLength(0);
  });

  it('reserves without agency when no agency serves the state', async () => {
    const { handler } = setup();
    const result = await handler.execute(
      new ReserveRentalCommand(
        claimFiled({ location: { city: 'Fresno', state: 'CA', postalCode: '93721' } }),
        CONTEXT,
        TX,
      ),
    );
    expect(result).toMatchObject({
      outcome: 'reserved',
      reservation: { agencyId: null, status: 'REQUESTED' },
    });
  });
});
