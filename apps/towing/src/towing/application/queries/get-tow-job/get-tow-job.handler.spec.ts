import { partyCaller } from '@claimguard/testing';
import { describe, expect, it, vi } from 'vitest';
import type { AuthenticatedParty } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import type { Party } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';
import { TowingPolicy } from '../../../policies/towing.policy.js';
import { TowJobRepository } from '../../ports/tow-job.repository.port.js';
import { GetTowJobHandler } from './get-tow-job.handler.js';
import { GetTowJobQuery } from './get-tow-job.query.js';

const JOB: TowJobSnapshot = {
  id: '0b9f3f0e-3c1a-4d7e-9f57-5b1f2a3c4d5e',
  claimId: '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10',
  companyId: 'T-01',
  status: 'ASSIGNED',
  shopId: null,
  pickup: { city: 'San Antonio', state: 'TX', postalCode: '78205' },
  vehicle: { make: 'Honda', model: 'Accord', year: 2019 },
  createdAt: new Date('2026-03-14T15:09:26.000Z'),
};
const CORRELATION = '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c';

/** Read side of the port with one stored job; it records which ids were looked up. */
class OneJobRepository extends TowJobRepository {
  readonly lookedUp: string[] = [];
  findByClaimId(): Promise<TowJobSnapshot | undefined> {
    return Promise.resolve(undefined);
  }
  add(): Promise<void> {
    return Promise.reject(new Error('read-only fake'));
  }
  update(): Promise<void> {
    return Promise.reject(new Error('read-only fake'));
  }
  findById(id: string): Promise<TowJobSnapshot | undefined> {
    this.lookedUp.push(id);
    return Promise.resolve(id === JOB.id ? JOB : undefined);
  }
  listByCompany(): Promise<TowJobSnapshot[]> {
    return Promise.resolve([]);
  }
  listAll(): Promise<TowJobSnapshot[]> {
    return Promise.resolve([JOB]);
  }
}

const caller = (party: Party): AuthenticatedParty => partyCaller(party, ['towing:read']);
const dave = caller({ kind: 'tow_operator', id: 'T-01' });
const erin = caller({ kind: 'tow_operator', id: 'T-02' });

function setup(defensesOff = '') {
  const repository = new OneJobRepository();
  const log = createLogger('towing-test', 'silent');
  const warn = vi.spyOn(log, 'warn');
  const policy = TowingPolicy.load(DefenseSwitches.fromSetting(defensesOff, 'test'));
  return { repository, warn, handler: new GetTowJobHandler(repository, policy, log) };
}

describe('GetTowJobHandler', () => {
  it("returns the job to its company's tow operator without an audit line", async () => {
    const { handler, warn } = setup();
    await expect(handler.execute(new GetTowJobQuery(dave, JOB.id, CORRELATION))).resolves.toEqual(
      JOB,
    );
    expect(warn).not.toHaveBeenCalled();
  });

  it("answers TOWING.JOB_NOT_FOUND to another company's operator and audits the bola denial", async () => {
    const { handler, warn } = setup();
    await expect(
      handler.execute(new GetTowJobQuery(erin, JOB.id, CORRELATION)),
    ).rejects.toMatchObject({ code: 'TOWING.JOB_NOT_FOUND', status: 404 });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'authz.denied',
        defense: 'bola',
        correlationId: CORRELATION,
        party: erin.party,
        resource: `tow-job:${JOB.id}`,
      }),
      'audit authz.denied',
    );
  });

  it('answers the same 404 for an unknown id, and for a malformed one without touching storage', async () => {
    const { handler, repository } = setup();
    for (const id of ['5a0e2f4c-8b1d-4e6f-a7c9-3d2b1a0f9e8d', '1', "' OR 1=1--"]) {
      await expect(
        handler.execute(new GetTowJobQuery(dave, id, CORRELATION)),
      ).rejects.toMatchObject({ code: 'TOWING.JOB_NOT_FOUND' });
    }
    expect(repository.lookedUp).toEqual(['5a0e2f4c-8b1d-4e6f-a7c9-3d2b1a0f9e8d']);
  });

  it('finds a job by its id in upper case too', async () => {
    const { handler } = setup();
    await expect(
      handler.execute(new GetTowJobQuery(dave, JOB.id.toUpperCase(), CORRELATION)),
    ).resolves.toEqual(JOB);
  });

  it('with bola off, lets another operator read it and audits the training rule that allowed it', async () => {
    const { handler, warn } = setup('bola');
    await expect(handler.execute(new GetTowJobQuery(erin, JOB.id, CORRELATION))).resolves.toEqual(
      JOB,
    );
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'authz.allowed', defense: 'bola', party: erin.party }),
      'audit authz.allowed',
    );
  });
});
