import { partyCaller } from '@claimguard/testing';
import { describe, expect, it, vi } from 'vitest';
import type { AuthenticatedParty } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import type { Party } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import { RentalPolicy } from '../../../policies/rental.policy.js';
import {
  InMemoryReservationRepository,
  storedReservation,
} from '../../ports/reservation.repository.fake.js';
import { GetReservationHandler } from './get-reservation.handler.js';
import { GetReservationQuery } from './get-reservation.query.js';

const CORRELATION = '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c';
const RESERVATION = storedReservation();
const caller = (party: Party): AuthenticatedParty => partyCaller(party, ['rental:read']);
const alice = caller({ kind: 'member', id: 'M-100001' });
const bob = caller({ kind: 'member', id: 'M-100002' });
const heidi = caller({ kind: 'rental_agent', id: 'R-01' });
const dave = caller({ kind: 'tow_operator', id: 'T-01' });

function setup(defensesOff = '') {
  const reservations = new InMemoryReservationRepository([RESERVATION]);
  const log = createLogger('rental-test', 'silent');
  const warn = vi.spyOn(log, 'warn');
  const policy = RentalPolicy.load(DefenseSwitches.fromSetting(defensesOff, 'test'));
  return { reservations, warn, handler: new GetReservationHandler(reservations, policy, log) };
}

describe('GetReservationHandler', () => {
  it('returns the reservation to its member and to its agency’s agent without an audit line', async () => {
    const { handler, warn } = setup();
    for (const who of [alice, heidi]) {
      await expect(
        handler.execute(new GetReservationQuery(who, RESERVATION.id, CORRELATION)),
      ).resolves.toEqual(RESERVATION);
    }
    expect(warn).not.toHaveBeenCalled();
  });

  it('answers RENTAL.RESERVATION_NOT_FOUND to another member and audits the bola denial', async () => {
    const { handler, warn } = setup();
    await expect(
      handler.execute(new GetReservationQuery(bob, RESERVATION.id, CORRELATION)),
    ).rejects.toMatchObject({ code: 'RENTAL.RESERVATION_NOT_FOUND', status: 404 });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'authz.denied',
        defense: 'bola',
        correlationId: CORRELATION,
        party: bob.party,
        resource: `reservation:${RESERVATION.id}`,
      }),
      'audit authz.denied',
    );
  });

  it('answers the same 404 to a tow operator', async () => {
    const { handler } = setup();
    await expect(
      handler.execute(new GetReservationQuery(dave, RESERVATION.id, CORRELATION)),
    ).rejects.toMatchObject({ code: 'RENTAL.RESERVATION_NOT_FOUND' });
  });

  it('answers the same 404 for an unknown id, and for a malformed one without touching storage', async () => {
    const { handler, reservations } = setup();
    const lookups = vi.spyOn(reservations, 'findById');
    for (const id of ['5a0e2f4c-8b1d-4e6f-a7c9-3d2b1a0f9e8d', '1', "' OR 1=1--"]) {
      await expect(
        handler.execute(new GetReservationQuery(alice, id, CORRELATION)),
      ).rejects.toMatchObject({ code: 'RENTAL.RESERVATION_NOT_FOUND' });
    }
    expect(lookups).toHaveBeenCalledTimes(1);
  });

  it('finds an id given in upper case', async () => {
    const { handler } = setup();
    await expect(
      handler.execute(new GetReservationQuery(alice, RESERVATION.id.toUpperCase(), CORRELATION)),
    ).resolves.toMatchObject({ id: RESERVATION.id });
  });

  it("with bola off, lets bob read alice's reservation and audits the training allow", async () => {
    const { handler, warn } = setup('bola');
    await expect(
      handler.execute(new GetReservationQuery(bob, RESERVATION.id, CORRELATION)),
    ).resolves.toEqual(RESERVATION);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'authz.allowed',
        defense: 'bola',
        party: bob.party,
        reason: 'allowed by training-bola-off-any-member-or-agent-reads-any-reservation',
      }),
      'audit authz.allowed',
    );
  });
});
