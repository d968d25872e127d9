import { describe, expect, it } from 'vitest';
import { acceptCoverage, MAX_COVERED_DAYS } from './coverage-answer.js';

const CLAIM = '0b6e2f0a-8d1c-4c55-9a4e-2f1b3c4d5e6f';

describe('acceptCoverage', () => {
  it('accepts an answer within rental rules and drops fields it does not know', () => {
    expect(
      acceptCoverage(
        { claimId: CLAIM, rentalCovered: true, rentalDays: 14, dailyRateCents: 1, admin: true },
        CLAIM.toUpperCase(),
      ),
    ).toEqual({ coverage: { claimId: CLAIM, rentalCovered: true, rentalDays: 14 } });
  });

  it('accepts exactly the most days one reservation may hold', () => {
    expect(
      acceptCoverage({ claimId: CLAIM, rentalCovered: true, rentalDays: MAX_COVERED_DAYS }, CLAIM),
    ).toHaveProperty('coverage.rentalDays', MAX_COVERED_DAYS);
  });

  it.each([
    [{ claimId: CLAIM, rentalCovered: true, rentalDays: 365 }, 'rentalDays'],
    [{ claimId: CLAIM, rentalCovered: true, rentalDays: 10_000 }, 'rentalDays'],
    [{ claimId: CLAIM, rentalCovered: true, rentalDays: -1 }, 'rentalDays'],
    [{ claimId: CLAIM, rentalCovered: true, rentalDays: 2.5 }, 'rentalDays'],
    [{ claimId: CLAIM, rentalCovered: true, rentalDays: '14' }, 'rentalDays'],
    [{ claimId: CLAIM, rentalCovered: 'yes', rentalDays: 14 }, 'rentalCovered'],
    [{ claimId: 'not-a-uuid', rentalCovered: true, rentalDays: 14 }, 'claimId'],
    [
      { claimId: '9b6e2f0a-8d1c-4c55-9a4e-2f1b3c4d5e6f', rentalCovered: true, rentalDays: 14 },
      'claimId',
    ],
    [null, '(answer)'],
    ['14', '(answer)'],
  ])('refuses %j (%s)', (answer, field) => {
    const result = acceptCoverage(answer, CLAIM);
    expect(result).toHaveProperty('problem');
    expect((result as { problem: string }).problem).toContain(field);
  });
});
