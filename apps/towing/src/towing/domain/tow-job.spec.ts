import { describe, expect, it } from 'vitest';
import type { ClaimFiledV1 } from '@claimguard/contracts';
import type { TowCompany } from './tow-company.js';
import { TowJob } from './tow-job.js';

const COMPANIES: TowCompany[] = [
  { id: 'T-01', name: 'Lone Star Towing', serviceStates: ['TX', 'OK', 'LA', 'NM'] },
  { id: 'T-02', name: 'Golden State Recovery', serviceStates: ['CA', 'NV', 'AZ', 'OR'] },
];
const JOB_ID = '0b9f3f0e-3c1a-4d7e-9f57-5b1f2a3c4d5e';
const NOW = new Date('2026-03-14T15:09:26.000Z');

/** `ClaimFiled` v1 data as claims publishes it. */
function claimFiled(overrides: Partial<ClaimFiledV1> = {}): ClaimFiledV1 {
  return {
    claimId: '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10',
    memberId: 'M-100001',
    vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
    lossDate: '2026-03-13',
    location: { street: '100 Main St', city: 'San Antonio', state: 'TX', postalCode: '78205' },
    needsTow: true,
    needsRental: false,
    ...overrides,
  };
}

describe('TowJob.openForClaim', () => {
  it('opens an ASSIGNED job for the company serving the loss state, from a ClaimFiled', () => {
    const opened = TowJob.openForClaim(claimFiled(), COMPANIES, { id: JOB_ID, now: NOW });

    expect(opened?.job.snapshot()).toEqual({
      id: JOB_ID,
      claimId: '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10',
      companyId: 'T-01',
      status: 'ASSIGNED',
      pickup: { street: '100 Main St', city: 'San Antonio', state: 'TX', postalCode: '78205' },
      vehicle: { make: 'Honda', model: 'Accord', year: 2019 },
      createdAt: NOW,
    });
  });

  it('raises TowJobCreated with the job, the claim and the company', () => {
    const opened = TowJob.openForClaim(claimFiled(), COMPANIES, { id: JOB_ID, now: NOW });

    expect(opened?.event).toEqual({
      type: 'TowJobCreated',
      version: 1,
      jobId: JOB_ID,
      data: { jobId: JOB_ID, claimId: '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10', companyId: 'T-01' },
    });
  });

  it('keeps neither the VIN nor the member id nor any other claim field it does not need', () => {
    const opened = TowJob.openForClaim(claimFiled(), COMPANIES, { id: JOB_ID, now: NOW });
    const stored = JSON.stringify(opened?.job.snapshot());

    expect(stored).not.toContain('1HGCM82633A004352');
    expect(stored).not.toContain('M-100001');
    expect(stored).not.toContain('needsRental');
  });

  it('opens an UNASSIGNED job without company when nobody serves the state, and says so in the event', () => {
    const location = { city: 'Albany', state: 'NY', postalCode: '12207' };
    const opened = TowJob.openForClaim(claimFiled({ location }), COMPANIES, {
      id: JOB_ID,
      now: NOW,
    });

    expect(opened?.job.snapshot()).toMatchObject({
      companyId: null,
      status: 'UNASSIGNED',
      pickup: location,
    });
    expect(opened?.job.snapshot().pickup).not.toHaveProperty('street');
    expect(opened?.event.data.companyId).toBeNull();
  });

  it('assigns a CA loss to T-02', () => {
    const location = { city: 'Fresno', state: 'CA', postalCode: '93721' };
    const opened = TowJob.openForClaim(claimFiled({ location }), COMPANIES, {
      id: JOB_ID,
      now: NOW,
    });
    expect(opened?.job.companyId).toBe('T-02');
  });

  it('opens nothing and raises nothing for a claim that needs no tow', () => {
    expect(
      TowJob.openForClaim(claimFiled({ needsTow: false }), COMPANIES, { id: JOB_ID, now: NOW }),
    ).toBeUndefined();
  });

  it('hands out copies: changing a snapshot does not change the job', () => {
    const opened = TowJob.openForClaim(claimFiled(), COMPANIES, { id: JOB_ID, now: NOW });
    const copy = opened?.job.snapshot() as { pickup: { city: string } };
    copy.pickup.city = 'Elsewhere';
    expect(opened?.job.snapshot().pickup.city).toBe('San Antonio');
  });
});
