import { describe, expect, it } from 'vitest';
import { createLogger } from '@claimguard/observability';
import type { ReservationSnapshot } from '../../../domain/reservation.js';
import type { ChangeContext } from '../../ports/reservation.repository.port.js';
import {
  InMemoryReservationRepository,
  storedReservation,
} from '../../ports/reservation.repository.fake.js';
import type { Transaction } from '../../ports/transaction.js';
import { CloseReservationCommand } from './close-reservation.command.js';
import { CloseReservationHandler } from './close-reservation.handler.js';

const TX = { marker: 'the event transaction' } as unknown as Transaction;
const CONTEXT: ChangeContext = {
  correlationId: '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c',
  causationId: '1f2e3d4c-5b6a-4987-8a1b-2c3d4e5f6a7b',
};
const CONFIRMED_AT = new Date('2026-03-14T16:00:00.000Z');

function setup(seed: ReservationSnapshot[]) {
  const reservations = new InMemoryReservationRepository(seed);
  const handler = new CloseReservationHandler(reservations, createLogger('rental-test', 'silent'));
  return { reservations, handler };
}

describe('CloseReservationHandler', () => {
  it.each([
    ['REQUESTED', storedReservation()],
    ['CONFIRMED', storedReservation({ status: 'CONFIRMED', confirmedAt: CONFIRMED_AT })],
  ])(
    "closes the claim's %s reservation with RentalClosed in the event's transaction",
    async (_, stored) => {
      const { reservations, handler } = setup([stored]);

      const result = await handler.execute(
        new CloseReservationCommand(stored.claimId, CONTEXT, TX),
      );

      expect(result).toMatchObject({ outcome: 'closed', reservation: { status: 'CLOSED' } });
      expect(reservations.writes).toEqual([
        expect.objectContaining({
          kind: 'update',
          context: CONTEXT,
          tx: TX,
          events: [expect.objectContaining({ type: 'RentalClosed', reservationId: stored.id })],
        }),
      ]);
    },
  );

  it('changes nothing for a reservation already closed (a replay)', async () => {
    const stored = storedReservation({ status: 'CLOSED', closedAt: CONFIRMED_AT });
    const { reservations, handler } = setup([stored]);

    const result = await handler.execute(new CloseReservationCommand(stored.claimId, CONTEXT, TX));

    expect(result.outcome).toBe('already-closed');
    expect(reservations.writes).toHaveLength(0);
  });

  it('changes nothing for a claim without a reservation', async () => {
    const { reservations, handler } = setup([storedReservation()]);

    const result = await handler.execute(
      new CloseReservationCommand('9e8d7c6b-5a49-4382-9716-a5b4c3d2e1f0', CONTEXT, TX),
    );

    expect(result).toEqual({ outcome: 'no-reservation' });
    expect(reservations.writes).toHaveLength(0);
  });

  it('throws (so the consumer retries) when the status moved on while closing', async () => {
    const stored = storedReservation();
    const { reservations, handler } = setup([stored]);
    const lookup = reservations.findByClaimId.bind(reservations);
    reservations.findByClaimId = async (claimId) => {
      const found = await lookup(claimId);
      reservations.moveBehindYourBack(stored.id, {
        status: 'CONFIRMED',
        confirmedAt: CONFIRMED_AT,
      });
      return found;
    };

    await expect(
      handler.execute(new CloseReservationCommand(stored.claimId, CONTEXT, TX)),
    ).rejects.toThrow(/changed while it was being closed/);
    expect(reservations.writes).toHaveLength(0);
  });
});
