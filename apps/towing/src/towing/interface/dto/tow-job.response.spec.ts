import { describe, expect, it } from 'vitest';
import type { TowJobSnapshot } from '../../domain/tow-job.js';
import { toTowJobResponse } from './tow-job.response.js';

const job: TowJobSnapshot = {
  id: '0b9f3f0e-3c1a-4d7e-9f57-5b1f2a3c4d5e',
  claimId: '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10',
  companyId: 'T-01',
  status: 'ASSIGNED',
  shopId: null,
  pickup: { street: '100 Main St', city: 'San Antonio', state: 'TX', postalCode: '78205' },
  vehicle: { make: 'Honda', model: 'Accord', year: 2019 },
  createdAt: new Date('2026-03-14T15:09:26.000Z'),
};

describe('toTowJobResponse', () => {
  it('answers exactly the DTO fields, with an ISO timestamp', () => {
    expect(toTowJobResponse(job)).toEqual({
      id: job.id,
      claimId: job.claimId,
      companyId: 'T-01',
      status: 'ASSIGNED',
      shopId: null,
      pickup: { street: '100 Main St', city: 'San Antonio', state: 'TX', postalCode: '78205' },
      vehicle: { make: 'Honda', model: 'Accord', year: 2019 },
      createdAt: '2026-03-14T15:09:26.000Z',
    });
  });

  it('names the shop of a delivered job', () => {
    const delivered = toTowJobResponse({ ...job, status: 'DELIVERED', shopId: 'S-01' });
    expect(delivered).toMatchObject({ status: 'DELIVERED', shopId: 'S-01' });
  });

  it('drops any field a stored object might grow (allow-list, not spread)', () => {
    const grown = {
      ...job,
      internalNote: 'x',
      pickup: { ...job.pickup, gateCode: '1234' },
      vehicle: { ...job.vehicle, vin: '1HGCM82633A004352' },
    } as TowJobSnapshot;
    const body = JSON.stringify(toTowJobResponse(grown));
    expect(body).not.toMatch(/internalNote|gateCode|vin/);
  });

  it('keeps companyId null and leaves out a missing street for an unassigned job', () => {
    const { street: _street, ...pickup } = job.pickup;
    const response = toTowJobResponse({ ...job, companyId: null, status: 'UNASSIGNED', pickup });
    expect(response.companyId).toBeNull();
    expect(response.pickup).toEqual({ city: 'San Antonio', state: 'TX', postalCode: '78205' });
  });
});
