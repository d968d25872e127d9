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
import { ListReservationsHandler } from './list-reservations.handler.js';
import { ListReservationsQuery } from './list-reservations.query.js';

const CORRELATION = '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c';
const caller = (party: Party): AuthenticatedParty => partyCaller(party, ['rental:read']);
const alice = caller({ kind: 'member', id: 'M-100001' });
const bob = caller({ kind: 'member', id: 'M-100002' });
const heidi = caller({ kind: 'rental_agent', id: 'R-01' });

const ALICES = storedReservation();
const BOBS = storedReservation({
  id: '8b7a6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d',
  claimId: '9e8d7c6b-5a49-4382-9716-a5b4c3d2e1f0',
  memberId: 'M-100002',
  agencyId: null,
  pickup: { city: 'Fresno', state: 'CA' },
});

function setup(defensesOff = '') {
  const reservations = new InMemoryReservationRepository([ALICES, BOBS]);
  const log = createLogger('rental-test', 'silent');
  const warn = vi.spyOn(log, 'warn');
  const policy = RentalPolicy.load(DefenseSwitches.fromSetting(defensesOff, 'test'));
  return { warn, handler: new ListReservationsHandler(reservations, policy, log) };
}

describe('ListReservationsHandler', () => {
  it("lists a member's own reservations only", async () => {
    const { handler } = setup();
    await expect(handler.execute(new ListReservationsQuery(alice, CORRELATION))).resolves.toEqual([
      ALICES,
    ]);
    await expect(handler.execute(new ListReservationsQuery(bob, CORRELATION))).resolves.toEqual([
      BOBS,
    ]);
  });

  it("lists an agent's agency's reservations only (none without agency)", async () => {
    const { handler } = setup();
    await expect(handler.execute(new ListReservationsQuery(heidi, CORRELATION))).resolves.toEqual([
      ALICES,
    ]);
  });

  it.each<Party>([
    { kind: 'tow_operator', id: 'T-01' },
    { kind: 'adjuster', id: 'E-2001' },
    { kind: 'repair_shop', id: 'S-01' },
  ])('answers AUTHZ.FORBIDDEN to a $kind and audits the bfla denial', async (party) => {
    const { handler, warn } = setup();
    await expect(
      handler.execute(new ListReservationsQuery(caller(party), CORRELATION)),
    ).rejects.toMatchObject({ code: 'AUTHZ.FORBIDDEN', status: 403 });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'authz.denied', defense: 'bfla', party }),
      'audit authz.denied',
    );
  });

  it('does not widen listing with bola off', async () => {
    const { handler } = setup('bola');
    await expect(handler.execute(new ListReservationsQuery(bob, CORRELATION))).resolves.toEqual([
      BOBS,
    ]);
  });
});
