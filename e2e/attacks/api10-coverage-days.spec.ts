import { attack } from '../support/attack.js';
import { call } from '../support/api.js';
import { fileClaim } from '../support/claims.js';
import { itemFor } from '../support/saga.js';
import { login } from '../support/personas.js';

/**
 * Unsafe consumption of an upstream API (defense `upstream-validation`): rental confirms a
 * reservation for the days claims says the claim covers. Claims' answer is genuine (mTLS, an
 * exchanged token) but carries what a member typed — a member may ask claims for up to a year of
 * rental (a total loss) — while one reservation holds at most 30 days. Rental must check the
 * answer against its own rules; with the defense off it stores whatever claims said.
 */
attack(
  {
    id: 'API10-UPSTREAM-001',
    title: 'a member asks claims for 365 rental days and rental confirms them unchecked',
    defense: 'upstream-validation',
    owasp: 'API10:2023 Unsafe Consumption of APIs',
    cwe: 'CWE-20',
    asvs: 'V5.1.4',
    blocked: '502 RENTAL.COVERAGE_INVALID',
    gain: "the confirm answers more than 30 covered days and the reservation, re-read from heidi's (the agency's) list, is stored CONFIRMED (the day count itself is the confirm's echo)",
    auditedBy: 'rental',
    auditAction: 'authz.denied',
    attacker: 'heidi',
  },
  async () => {
    const alice = await login('alice', 'claims:read claims:write');
    const heidi = await login('heidi', 'rental:read rental:write');
    const claimId = await fileClaim(alice, { needsRental: true, needsTow: false, rentalDays: 365 });
    const reservation = await itemFor(heidi, '/api/rental/reservations', claimId);
    const confirm = await call<{ coveredDays?: number | null; code?: string; status?: string }>(
      'POST',
      `/api/rental/reservations/${reservation.id}/confirm`,
      { token: heidi },
    );
    // The reservation as stored, read back from heidi's list (not the confirm's own answer).
    const stored = await itemFor(heidi, '/api/rental/reservations', claimId);
    if (
      confirm.status === 200 &&
      stored.status === 'CONFIRMED' &&
      (confirm.body.coveredDays ?? 0) > 30
    ) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `reservation stored ${stored.status} for ${confirm.body.coveredDays} covered days`,
      };
    }
    if (
      confirm.status === 502 &&
      confirm.body.code === 'RENTAL.COVERAGE_INVALID' &&
      stored.status === reservation.status
    ) {
      return {
        outcome: 'blocked',
        status: 502,
        correlationId: confirm.correlationId,
        evidence: "claims' answer (365 days) breaks rental's 30-day rule; nothing confirmed",
      };
    }
    return {
      outcome: 'inconclusive',
      status: confirm.status,
      evidence: JSON.stringify(confirm.body),
    };
  },
);
