import { describe, expect, it } from 'vitest';
import type { ClaimSnapshot } from '../../domain/claim.js';
import { toClaimResponse, toClaimView } from './claim.response.js';

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
  updatedAt: new Date('2026-03-16T09:00:00Z'),
  contactPhone: '+1-210-555-0101',
  shopId: 'S-01',
  adjusterId: 'E-2001',
  estimate: {
    orderId: '5a0c2b7e-1d3f-4e5a-8b9c-0d1e2f3a4b5c',
    lineItems: [{ description: 'Rear bumper', amountCents: 80_000, internal: 'x' }],
    totalCents: 80_000,
  },
  payoutCents: null,
  denialReason: null,
  adjusterNotes: 'never shown',
} as unknown as ClaimSnapshot;

describe('toClaimResponse', () => {
  it('exposes exactly the documented fields and drops the member id, the phone and anything unknown', () => {
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
      updatedAt: '2026-03-16T09:00:00.000Z',
      shopId: 'S-01',
      adjusterId: 'E-2001',
      estimate: {
        orderId: '5a0c2b7e-1d3f-4e5a-8b9c-0d1e2f3a4b5c',
        lineItems: [{ description: 'Rear bumper', amountCents: 80_000 }],
        totalCents: 80_000,
      },
      payoutCents: null,
      denialReason: null,
    });
  });

  it('shows the service rep the status without personal data', () => {
    const view = toClaimView(stored, 'service_rep');
    expect(view).toEqual({
      id: stored.id,
      status: 'FILED',
      vehicle: { vinLast4: '4352', make: 'Honda', model: 'Accord', year: 2019 },
      lossDate: '2026-03-14',
      location: { city: 'San Antonio', state: 'TX' },
      filedAt: '2026-03-15T18:30:00.000Z',
      updatedAt: '2026-03-16T09:00:00.000Z',
      shopId: 'S-01',
      redacted: true,
    });
    expect(JSON.stringify(view)).not.toMatch(/1HGCM82633A004352|Rear-ended|555-0101|M-100001/);
  });

  it('redacts for any party kind without a full view (deny by default)', () => {
    expect(toClaimView(stored, 'tow_operator')).toHaveProperty('redacted', true);
    expect(toClaimView(stored, 'member')).not.toHaveProperty('redacted');
    expect(toClaimView(stored, 'adjuster')).not.toHaveProperty('redacted');
  });
});
