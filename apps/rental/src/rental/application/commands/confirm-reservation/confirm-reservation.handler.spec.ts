import { partyCaller } from '@claimguard/testing';
import { describe, expect, it, vi } from 'vitest';
import type { AuthenticatedParty } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import type { Party } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import type { ReservationSnapshot } from '../../../domain/reservation.js';
import { RentalPolicy } from '../../../policies/rental.policy.js';
import {
  InMemoryReservationRepository,
  storedReservation,
} from '../../ports/reservation.repository.fake.js';
import { ConfirmReservationCommand } from './confirm-reservation.command.js';
import { ConfirmReservationHandler } from './confirm-reservation.handler.js';

const CORRELATION = '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c';
const caller = (party: Party, scopes = ['rental:read', 'rental:write']): AuthenticatedParty =>
  partyCaller(party, scopes);
const heidi = caller({ kind: 'rental_agent', id: 'R-01' });
const otherAgent = caller({ kind: 'rental_agent', id: 'R-02' });
const alice = caller({ kind: 'member', id: 'M-100001' });
const dave = caller({ kind: 'tow_operator', id: 'T-01' });

function setup(seed: ReservationSnapshot[] = [storedReservation()], defensesOff = '') {
  const reservations = new InMemoryReservationRepository(seed);
  const log = createLogger('rental-test', 'silent');
  const warn = vi.spyOn(log, 'warn');
  const policy = RentalPolicy.load(DefenseSwitches.fromSetting(defensesOff, 'test'));
  return { reservations, warn, handler: new ConfirmReservationHandler(reservations, policy, log) };
}

const ID = storedReservation().id;

describe('ConfirmReservationHandler', () => {
  it("confirms its agency's REQUESTED reservation and saves RentalConfirmed with the agent as actor", async () => {
    const { handler, reservations, warn } = setup();

    const confirmed = await handler.execute(new ConfirmReservationCommand(heidi, ID, CORRELATION));

    expect(confirmed).toMatchObject({ id: ID, status: 'CONFIRMED', confirmedAt: expect.any(Date) });
    expect(reservations.writes).toEqual([
      expect.objectContaining({
        kind: 'update',
        tx: undefined,
        context: { correlationId: CORRELATION, actor: { sub: heidi.sub, party: heidi.party } },
        events: [
          expect.objectContaining({
            type: 'RentalConfirmed',
            data: { reservationId: ID, claimId: storedReservation().claimId, agencyId: 'R-01' },
          }),
        ],
      }),
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('answers RENTAL.ILLEGAL_TRANSITION (409) to a second confirm and saves nothing more', async () => {
    const { handler, reservations } = setup();
    await handler.execute(new ConfirmReservationCommand(heidi, ID, CORRELATION));

    await expect(
      handler.execute(new ConfirmReservationCommand(heidi, ID, CORRELATION)),
    ).rejects.toMatchObject({ code: 'RENTAL.ILLEGAL_TRANSITION', status: 409 });
    expect(reservations.writes).toHaveLength(1);
  });

  it('answers 409 for a closed reservation', async () => {
    const closed = storedReservation({ status: 'CLOSED', closedAt: new Date() });
    const { handler } = setup([closed]);
    await expect(
      handler.execute(new ConfirmReservationCommand(heidi, ID, CORRELATION)),
    ).rejects.toMatchObject({ code: 'RENTAL.ILLEGAL_TRANSITION' });
  });

  it('answers 409 naming the status it has now when a concurrent move won', async () => {
    const { handler, reservations } = setup();
    const read = reservations.findById.bind(reservations);
    let first = true;
    reservations.findById = async (id) => {
      const found = await read(id);
      if (first) reservations.moveBehindYourBack(id, { status: 'CLOSED', closedAt: new Date() });
      first = false;
      return found;
    };
    await expect(
      handler.execute(new ConfirmReservationCommand(heidi, ID, CORRELATION)),
    ).rejects.toMatchObject({
      code: 'RENTAL.ILLEGAL_TRANSITION',
      message: expect.stringContaining('CLOSED'),
    });
    expect(reservations.writes).toHaveLength(0);
  });

  it("answers RENTAL.RESERVATION_NOT_FOUND to another agency's agent and audits the bola denial", async () => {
    const { handler, warn, reservations } = setup();
    await expect(
      handler.execute(new ConfirmReservationCommand(otherAgent, ID, CORRELATION)),
    ).rejects.toMatchObject({ code: 'RENTAL.RESERVATION_NOT_FOUND', status: 404 });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'authz.denied',
        defense: 'bola',
        party: otherAgent.party,
        resource: `reservation:${ID}`,
        correlationId: CORRELATION,
      }),
      'audit authz.denied',
    );
    expect(reservations.writes).toHaveLength(0);
  });

  it('answers AUTHZ.FORBIDDEN (403) to the member who may read it, and audits the bfla denial', async () => {
    const { handler, warn } = setup();
    await expect(
      handler.execute(new ConfirmReservationCommand(alice, ID, CORRELATION)),
    ).rejects.toMatchObject({ code: 'AUTHZ.FORBIDDEN', status: 403 });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'authz.denied', defense: 'bfla', party: alice.party }),
      'audit authz.denied',
    );
  });

  it('answers 404 to other party kinds, and to unknown or malformed ids without touching storage', async () => {
    const { handler, reservations } = setup();
    const lookups = vi.spyOn(reservations, 'findById');
    await expect(
      handler.execute(new ConfirmReservationCommand(dave, ID, CORRELATION)),
    ).rejects.toMatchObject({ code: 'RENTAL.RESERVATION_NOT_FOUND' });
    await expect(
      handler.execute(
        new ConfirmReservationCommand(heidi, '5a0e2f4c-8b1d-4e6f-a7c9-3d2b1a0f9e8d', CORRELATION),
      ),
    ).rejects.toMatchObject({ code: 'RENTAL.RESERVATION_NOT_FOUND' });
    lookups.mockClear();
    await expect(
      handler.execute(new ConfirmReservationCommand(heidi, "' OR 1=1--", CORRELATION)),
    ).rejects.toMatchObject({ code: 'RENTAL.RESERVATION_NOT_FOUND' });
    expect(lookups).not.toHaveBeenCalled();
  });

  it("with bola off, another agency's agent sees it but still may not confirm it (403)", async () => {
    const { handler } = setup([storedReservation()], 'bola');
    await expect(
      handler.execute(new ConfirmReservationCommand(otherAgent, ID, CORRELATION)),
    ).rejects.toMatchObject({ code: 'AUTHZ.FORBIDDEN' });
  });
});
