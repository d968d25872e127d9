import { describe, expect, it } from 'vitest';
import { ClaimFiledV1Schema, DomainError } from '@claimguard/contracts';
import { Claim, type FileClaimInput } from './claim.js';
import { ClaimRuleViolation } from './claim.errors.js';

const NOW = new Date('2026-03-15T18:30:00Z');
const FACTS = { id: '0b9d6c1e-8a8e-4a43-9d5e-6f1f2a3b4c5d', memberId: 'M-100001', now: NOW };

function input(overrides: Partial<FileClaimInput> = {}): FileClaimInput {
  return {
    vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
    lossDate: '2026-03-14',
    location: { street: '100 Main St', city: 'San Antonio', state: 'TX', postalCode: '78205' },
    description: '  Rear-ended at a red light.  ',
    needsTow: true,
    needsRental: false,
    ...overrides,
  };
}

function violation(fn: () => unknown): ClaimRuleViolation {
  try {
    fn();
  } catch (error) {
    if (error instanceof ClaimRuleViolation) return error;
    throw error;
  }
  throw new Error('expected a ClaimRuleViolation');
}

describe('Claim.file', () => {
  it('starts the claim FILED for the given member, id and time', () => {
    const { claim } = Claim.file(input(), FACTS);
    expect(claim.snapshot()).toMatchObject({
      id: FACTS.id,
      memberId: 'M-100001',
      status: 'FILED',
      lossDate: '2026-03-14',
      filedAt: NOW,
    });
  });

  it('keeps the description trimmed', () => {
    expect(Claim.file(input(), FACTS).claim.snapshot().description).toBe(
      'Rear-ended at a red light.',
    );
  });

  it('raises ClaimFiled v1 whose data satisfies the public contract', () => {
    const { event } = Claim.file(input(), FACTS);
    expect(event).toMatchObject({ type: 'ClaimFiled', version: 1, claimId: FACTS.id });
    expect(ClaimFiledV1Schema.parse(event.data)).toEqual({
      claimId: FACTS.id,
      memberId: 'M-100001',
      vehicle: input().vehicle,
      lossDate: '2026-03-14',
      location: input().location,
      needsTow: true,
      needsRental: false,
    });
  });

  it('accepts a loss today and exactly one year ago', () => {
    expect(() => Claim.file(input({ lossDate: '2026-03-15' }), FACTS)).not.toThrow();
    expect(() => Claim.file(input({ lossDate: '2025-03-15' }), FACTS)).not.toThrow();
  });

  it('refuses a loss date in the future', () => {
    const error = violation(() => Claim.file(input({ lossDate: '2026-03-16' }), FACTS));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('CLAIMS.CLAIM_RULE_VIOLATED');
    expect(error.status).toBe(422);
    expect(error.details).toEqual([{ path: 'lossDate', message: 'is in the future' }]);
  });

  it('refuses a loss date more than one year ago', () => {
    const error = violation(() => Claim.file(input({ lossDate: '2025-03-14' }), FACTS));
    expect(error.details).toEqual([{ path: 'lossDate', message: 'is more than one year ago' }]);
  });

  it('refuses a date that is not on the calendar', () => {
    for (const lossDate of ['2026-02-30', '2026-3-1', '2026-03-01T00:00:00Z', 'yesterday']) {
      expect(violation(() => Claim.file(input({ lossDate }), FACTS)).field).toBe('lossDate');
    }
  });

  it('refuses a description that is empty once trimmed', () => {
    const error = violation(() => Claim.file(input({ description: ' \n\t ' }), FACTS));
    expect(error.details).toEqual([{ path: 'description', message: 'is empty' }]);
  });

  it('hands out copies, so a caller cannot change the aggregate behind its back', () => {
    const { claim } = Claim.file(input(), FACTS);
    const copy = claim.snapshot() as { vehicle: { make: string } };
    copy.vehicle.make = 'Tampered';
    expect(claim.snapshot().vehicle.make).toBe('Honda');
  });
});
