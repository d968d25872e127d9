import { describe, expect, it } from 'vitest';
import type { ClaimSnapshot } from '../../domain/claim.js';
import { toClaimResponse } from './claim.response.js';

const stored = {
  id: '0b9d6c1e-8a8e-4a43-9d5e-6f1f2a3b4c5d',
  memberId: 'M-100001',
  status: 'FILED',
  vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019, internal: 'x' },
  lossDate: '2026-03-14',
  location: { city: 'San Antonio', state: 'TX', postalCode: '78205', geo: 'x' },
  description: 'Rear-ended.',
  needsTow: true,
  needsRental: false,
  filedAt: new Date('2026-03-15T18:30:00Z'),
  adjusterNotes: 'never shown',
} as ClaimSnapshot;

describe('toClaimResponse', () => {
  it('exposes exactly the documented fields and drops the member id and anything unknown', () => {
    expect(toClaimResponse(stored)).toEqual({
      id: stored.id,
      status: 'FILED',
      vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
      lossDate: '2026-03-14',
      location: { city: 'San Antonio', state: 'TX', postalCode: '78205' },
      description: 'Rear-ended.',
      needsTow: true,
      needsRental: false,
      filedAt: '2026-03-15T18:30:00.000Z',
    });
  });
});
