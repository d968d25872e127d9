import { describe, expect, it } from 'vitest';
import type { ClaimFiledV1 } from '@claimguard/contracts';
import type { RepairShop } from './repair-shop.js';
import type { TowCompany } from './tow-company.js';
import { TowJob, type TowJobSnapshot } from './tow-job.js';
import type { TowJobStatus } from './tow-job-status.js';

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
      shopId: null,
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

const LONE_STAR_COLLISION: RepairShop = { id: 'S-01', name: 'Lone Star Collision' };
const CLAIM_ID = '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10';

/** A stored job of T-01 in `status` (UNASSIGNED has no company, DELIVERED a shop). */
function jobIn(status: TowJobStatus): TowJob {
  const stored: TowJobSnapshot = {
    id: JOB_ID,
    claimId: CLAIM_ID,
    companyId: status === 'UNASSIGNED' ? null : 'T-01',
    status,
    shopId: status === 'DELIVERED' ? 'S-02' : null,
    pickup: { city: 'San Antonio', state: 'TX', postalCode: '78205' },
    vehicle: { make: 'Honda', model: 'Accord', year: 2019 },
    createdAt: NOW,
  };
  return TowJob.restore(stored);
}

describe('TowJob lifecycle', () => {
  const moved = { jobId: JOB_ID, claimId: CLAIM_ID, companyId: 'T-01' };

  it('dispatches an ASSIGNED job and raises TowJobDispatched', () => {
    const job = jobIn('ASSIGNED');
    expect(job.dispatch()).toEqual({
      type: 'TowJobDispatched',
      version: 1,
      jobId: JOB_ID,
      data: moved,
    });
    expect(job.status).toBe('DISPATCHED');
  });

  it('picks up the car of a DISPATCHED job and raises VehiclePickedUp', () => {
    const job = jobIn('DISPATCHED');
    expect(job.pickUp()).toEqual({
      type: 'VehiclePickedUp',
      version: 1,
      jobId: JOB_ID,
      data: moved,
    });
    expect(job.status).toBe('PICKED_UP');
  });

  it('delivers a PICKED_UP car to a partner shop, keeps the shop and raises VehicleDelivered', () => {
    const job = jobIn('PICKED_UP');
    expect(job.deliverTo(LONE_STAR_COLLISION)).toEqual({
      type: 'VehicleDelivered',
      version: 1,
      jobId: JOB_ID,
      data: { ...moved, shopId: 'S-01' },
    });
    expect(job.snapshot()).toMatchObject({ status: 'DELIVERED', shopId: 'S-01' });
  });

  it('walks the whole way from a freshly opened job to DELIVERED', () => {
    const opened = TowJob.openForClaim(claimFiled(), COMPANIES, { id: JOB_ID, now: NOW });
    const job = opened?.job as TowJob;
    const types = [job.dispatch(), job.pickUp(), job.deliverTo(LONE_STAR_COLLISION)].map(
      (e) => e.type,
    );
    expect(types).toEqual(['TowJobDispatched', 'VehiclePickedUp', 'VehicleDelivered']);
    expect(job.snapshot()).toMatchObject({
      status: 'DELIVERED',
      companyId: 'T-01',
      shopId: 'S-01',
    });
  });

  const moves = {
    dispatch: (job: TowJob) => job.dispatch(),
    'pick up': (job: TowJob) => job.pickUp(),
    deliver: (job: TowJob) => job.deliverTo(LONE_STAR_COLLISION),
  } as const;
  const legalFrom: Record<keyof typeof moves, TowJobStatus> = {
    dispatch: 'ASSIGNED',
    'pick up': 'DISPATCHED',
    deliver: 'PICKED_UP',
  };
  const illegal = (Object.keys(moves) as (keyof typeof moves)[]).flatMap((move) =>
    (['ASSIGNED', 'UNASSIGNED', 'DISPATCHED', 'PICKED_UP', 'DELIVERED'] as const)
      .filter((status) => status !== legalFrom[move])
      .map((status) => [move, status] as const),
  );

  it.each(illegal)(
    'refuses to %s a %s job with TOWING.ILLEGAL_TRANSITION and changes nothing',
    (move, status) => {
      const job = jobIn(status);
      const before = job.snapshot();
      expect(() => moves[move](job)).toThrow(
        expect.objectContaining({ code: 'TOWING.ILLEGAL_TRANSITION', status: 409 }),
      );
      expect(job.snapshot()).toEqual(before);
    },
  );

  it('refuses a second dispatch of the same job', () => {
    const job = jobIn('ASSIGNED');
    job.dispatch();
    expect(() => job.dispatch()).toThrow(
      expect.objectContaining({ code: 'TOWING.ILLEGAL_TRANSITION' }),
    );
  });
});
