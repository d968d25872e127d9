import { partyCaller } from '@claimguard/testing';
import { describe, expect, it } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import { createLogger } from '@claimguard/observability';
import type { RepairShop } from '../../../domain/repair-shop.js';
import type { TowJobStatus } from '../../../domain/tow-job-status.js';
import { TowingPolicy } from '../../../policies/towing.policy.js';
import { RepairShopRepository } from '../../ports/repair-shop.repository.port.js';
import { InMemoryTowJobs, storedJob } from '../in-memory-tow-jobs.fake.js';
import { TowJobMover } from '../tow-job-mover.js';
import { DeliverTowJobCommand } from './deliver-tow-job.command.js';
import { DeliverTowJobHandler } from './deliver-tow-job.handler.js';

const CORRELATION = '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c';
const dave = partyCaller({ kind: 'tow_operator', id: 'T-01' }, ['towing:write']);
const erin = partyCaller({ kind: 'tow_operator', id: 'T-02' }, ['towing:write']);

/** The seeded partner shops; it records which shop ids were asked for. */
class PartnerShops extends RepairShopRepository {
  readonly asked: string[] = [];
  findById(id: string): Promise<RepairShop | undefined> {
    this.asked.push(id);
    const shops: RepairShop[] = [
      { id: 'S-01', name: 'Lone Star Collision' },
      { id: 'S-02', name: 'Alamo Auto Body' },
    ];
    return Promise.resolve(shops.find((s) => s.id === id));
  }
}

function setup(status: TowJobStatus) {
  const repository = new InMemoryTowJobs(storedJob(status));
  const shops = new PartnerShops();
  const policy = TowingPolicy.load(DefenseSwitches.allOn());
  const mover = new TowJobMover(repository, policy, createLogger('towing-test', 'silent'));
  const handler = new DeliverTowJobHandler(mover, shops);
  const deliver = (shopId: string, who = dave) =>
    handler.execute(new DeliverTowJobCommand(who, storedJob(status).id, shopId, CORRELATION));
  return { repository, shops, deliver };
}

describe('DeliverTowJobHandler', () => {
  it('delivers a PICKED_UP car to S-01 and saves it with VehicleDelivered naming the shop', async () => {
    const { repository, deliver } = setup('PICKED_UP');

    const job = await deliver('S-01');

    expect(job).toMatchObject({ status: 'DELIVERED', shopId: 'S-01' });
    expect(repository.updates).toEqual([
      expect.objectContaining({
        from: 'PICKED_UP',
        events: [
          {
            type: 'VehicleDelivered',
            version: 1,
            jobId: job.id,
            data: { jobId: job.id, claimId: job.claimId, companyId: 'T-01', shopId: 'S-01' },
          },
        ],
      }),
    ]);
  });

  it('refuses a shop that is not a partner with 422 TOWING.UNKNOWN_SHOP and saves nothing', async () => {
    const { repository, deliver } = setup('PICKED_UP');
    await expect(deliver('S-99')).rejects.toMatchObject({
      code: 'TOWING.UNKNOWN_SHOP',
      status: 422,
    });
    expect(repository.updates).toHaveLength(0);
  });

  it.each(['ASSIGNED', 'DISPATCHED', 'DELIVERED'] as const)(
    'refuses to deliver a %s job with TOWING.ILLEGAL_TRANSITION',
    async (status) => {
      const { repository, deliver } = setup(status);
      await expect(deliver('S-01')).rejects.toMatchObject({ code: 'TOWING.ILLEGAL_TRANSITION' });
      expect(repository.updates).toHaveLength(0);
    },
  );

  it("answers another company's operator 404 without looking the shop up", async () => {
    const { shops, deliver } = setup('PICKED_UP');
    await expect(deliver('S-99', erin)).rejects.toMatchObject({ code: 'TOWING.JOB_NOT_FOUND' });
    expect(shops.asked).toEqual([]);
  });
});
