import { partyCaller } from '@claimguard/testing';
import { describe, expect, it, vi } from 'vitest';
import type { AuthenticatedParty } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import { DomainError, type Party } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import type { ReservationSnapshot } from '../../../domain/reservation.js';
import { RentalPolicy } from '../../../policies/rental.policy.js';
import {
  InMemoryReservationRepository,
  storedReservation,
} from '../../ports/reservation.repository.fake.js';
import { ClaimCoverageGateway, type ClaimCoverage } from '../../ports/claim-coverage.port.js';
import { MAX_COVERED_DAYS } from './coverage-answer.js';
import { ConfirmReservationCommand } from './confirm-reservation.command.js';
import { ConfirmReservationHandler } from './confirm-reservation.handler.js';

const CORRELATION = '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c';
const TOKEN = 'party.token.of-heidi';

/** Claims' answer, as the coverage gateway would relay it. */
class FakeCoverage extends ClaimCoverageGateway {
  answer: ClaimCoverage | Record<string, unknown> | Error = {
    claimId: '',
    rentalCovered: true,
    rentalDays: 14,
  };
  calls: { claimId: string; partyToken: string }[] = [];
  coverageFor(claimId: string, partyToken: string): Promise<unknown> {
    this.calls.push({ claimId, partyToken });
    if (this.answer instanceof Error) return Promise.reject(this.answer);
    return Promise.resolve({ ...this.answer, claimId });
  }
}
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
  const coverage = new FakeCoverage();
  return {
    reservations,
    warn,
    coverage,
    handler: new ConfirmReservationHandler(reservations, policy, log, coverage, {
      defenses: DefenseSwitches.fromSetting(defensesOff, 'test'),
    }),
  };
}

const ID = storedReservation().id;

describe('ConfirmReservationHandler', () => {
  it("confirms its agency's REQUESTED reservation and saves RentalConfirmed with the agent as actor", async () => {
    const { handler, reservations, warn } = setup();

    const confirmed = await handler.execute(
      new ConfirmReservationCommand(heidi, ID, CORRELATION, TOKEN),
    );

    expect(confirmed).toMatchObject({
      id: ID,
      status: 'CONFIRMED',
      confirmedAt: expect.any(Date),
      coveredDays: 14,
    });
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
    await handler.execute(new ConfirmReservationCommand(heidi, ID, CORRELATION, TOKEN));

    await expect(
      handler.execute(new ConfirmReservationCommand(heidi, ID, CORRELATION, TOKEN)),
    ).rejects.toMatchObject({ code: 'RENTAL.ILLEGAL_TRANSITION', status: 409 });
    expect(reservations.writes).toHaveLength(1);
  });

  it('answers 409 for a closed reservation', async () => {
    const closed = storedReservation({ status: 'CLOSED', closedAt: new Date() });
    const { handler } = setup([closed]);
    await expect(
      handler.execute(new ConfirmReservationCommand(heidi, ID, CORRELATION, TOKEN)),
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
      handler.execute(new ConfirmReservationCommand(heidi, ID, CORRELATION, TOKEN)),
    ).rejects.toMatchObject({
      code: 'RENTAL.ILLEGAL_TRANSITION',
      message: expect.stringContaining('CLOSED'),
    });
    expect(reservations.writes).toHaveLength(0);
  });

  it("answers RENTAL.RESERVATION_NOT_FOUND to another agency's agent and audits the bola denial", async () => {
    const { handler, warn, reservations } = setup();
    await expect(
      handler.execute(new ConfirmReservationCommand(otherAgent, ID, CORRELATION, TOKEN)),
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
      handler.execute(new ConfirmReservationCommand(alice, ID, CORRELATION, TOKEN)),
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
      handler.execute(new ConfirmReservationCommand(dave, ID, CORRELATION, TOKEN)),
    ).rejects.toMatchObject({ code: 'RENTAL.RESERVATION_NOT_FOUND' });
    await expect(
      handler.execute(
        new ConfirmReservationCommand(
          heidi,
          '5a0e2f4c-8b1d-4e6f-a7c9-3d2b1a0f9e8d',
          CORRELATION,
          TOKEN,
        ),
      ),
    ).rejects.toMatchObject({ code: 'RENTAL.RESERVATION_NOT_FOUND' });
    lookups.mockClear();
    await expect(
      handler.execute(new ConfirmReservationCommand(heidi, "' OR 1=1--", CORRELATION, TOKEN)),
    ).rejects.toMatchObject({ code: 'RENTAL.RESERVATION_NOT_FOUND' });
    expect(lookups).not.toHaveBeenCalled();
  });

  it("with bola off, another agency's agent sees it but still may not confirm it (403)", async () => {
    const { handler } = setup([storedReservation()], 'bola');
    await expect(
      handler.execute(new ConfirmReservationCommand(otherAgent, ID, CORRELATION, TOKEN)),
    ).rejects.toMatchObject({ code: 'AUTHZ.FORBIDDEN' });
  });

  it("asks claims with the caller's party token, and stores the covered days", async () => {
    const { handler, coverage } = setup();
    coverage.answer = { claimId: '', rentalCovered: true, rentalDays: 10 };
    const confirmed = await handler.execute(
      new ConfirmReservationCommand(heidi, ID, CORRELATION, TOKEN),
    );
    expect(coverage.calls).toEqual([{ claimId: storedReservation().claimId, partyToken: TOKEN }]);
    expect(confirmed.coveredDays).toBe(10);
  });

  it('answers RENTAL.NOT_COVERED (422) when claims says no rental is covered, writing nothing', async () => {
    const { handler, coverage, reservations } = setup();
    coverage.answer = { claimId: '', rentalCovered: false, rentalDays: 0 };
    await expect(
      handler.execute(new ConfirmReservationCommand(heidi, ID, CORRELATION, TOKEN)),
    ).rejects.toMatchObject({ code: 'RENTAL.NOT_COVERED', status: 422 });
    expect(reservations.writes).toHaveLength(0);
  });

  it('passes RENTAL.COVERAGE_UNAVAILABLE (503) through, writing nothing', async () => {
    const { handler, coverage, reservations } = setup();
    coverage.answer = new DomainError('RENTAL.COVERAGE_UNAVAILABLE', 'down');
    await expect(
      handler.execute(new ConfirmReservationCommand(heidi, ID, CORRELATION, TOKEN)),
    ).rejects.toMatchObject({ code: 'RENTAL.COVERAGE_UNAVAILABLE', status: 503 });
    expect(reservations.writes).toHaveLength(0);
  });

  it('does not ask claims for a reservation it may not confirm', async () => {
    const { handler, coverage } = setup([
      storedReservation({ status: 'CLOSED', closedAt: new Date() }),
    ]);
    await expect(
      handler.execute(new ConfirmReservationCommand(heidi, ID, CORRELATION, TOKEN)),
    ).rejects.toMatchObject({ code: 'RENTAL.ILLEGAL_TRANSITION' });
    await expect(
      handler.execute(new ConfirmReservationCommand(otherAgent, ID, CORRELATION, TOKEN)),
    ).rejects.toMatchObject({ code: 'RENTAL.RESERVATION_NOT_FOUND' });
    expect(coverage.calls).toHaveLength(0);
  });

  it('refuses an answer beyond rental rules with RENTAL.COVERAGE_INVALID (502), audited, writing nothing', async () => {
    const { handler, coverage, reservations, warn } = setup();
    coverage.answer = { claimId: '', rentalCovered: true, rentalDays: 365 };
    await expect(
      handler.execute(new ConfirmReservationCommand(heidi, ID, CORRELATION, TOKEN)),
    ).rejects.toMatchObject({ code: 'RENTAL.COVERAGE_INVALID', status: 502 });
    expect(reservations.writes).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'authz.denied',
        defense: 'upstream-validation',
        sub: heidi.sub,
        correlationId: CORRELATION,
      }),
      'audit authz.denied',
    );
  });

  it(`accepts ${MAX_COVERED_DAYS} days and drops unknown fields of the answer`, async () => {
    const { handler, coverage } = setup();
    coverage.answer = { claimId: '', rentalCovered: true, rentalDays: MAX_COVERED_DAYS, vip: true };
    const confirmed = await handler.execute(
      new ConfirmReservationCommand(heidi, ID, CORRELATION, TOKEN),
    );
    expect(confirmed.coveredDays).toBe(MAX_COVERED_DAYS);
  });

  it('stores whatever claims answered while upstream-validation is off (training), audited defense.off', async () => {
    const { handler, coverage, warn } = setup([storedReservation()], 'upstream-validation');
    coverage.answer = { claimId: '', rentalCovered: true, rentalDays: 365 };
    const confirmed = await handler.execute(
      new ConfirmReservationCommand(heidi, ID, CORRELATION, TOKEN),
    );
    expect(confirmed.coveredDays).toBe(365);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'defense.off',
        defense: 'upstream-validation',
        sub: heidi.sub,
      }),
      'audit defense.off',
    );
  });
});
