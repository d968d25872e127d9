import { partyCaller } from '@claimguard/testing';
import { describe, expect, it } from 'vitest';
import { DefenseSwitches } from '@claimguard/config';
import { createLogger } from '@claimguard/observability';
import type { TowJobStatus } from '../../../domain/tow-job-status.js';
import { TowingPolicy } from '../../../policies/towing.policy.js';
import { InMemoryTowJobs, storedJob } from '../in-memory-tow-jobs.fake.js';
import { TowJobMover } from '../tow-job-mover.js';
import { PickUpTowJobCommand } from './pick-up-tow-job.command.js';
import { PickUpTowJobHandler } from './pick-up-tow-job.handler.js';

const CORRELATION = '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c';
const dave = partyCaller({ kind: 'tow_operator', id: 'T-01' }, ['towing:write']);
const erin = partyCaller({ kind: 'tow_operator', id: 'T-02' }, ['towing:write']);

function setup(status: TowJobStatus) {
  const repository = new InMemoryTowJobs(storedJob(status));
  const policy = TowingPolicy.load(DefenseSwitches.allOn());
  const mover = new TowJobMover(repository, policy, createLogger('towing-test', 'silent'));
  const handler = new PickUpTowJobHandler(mover);
  return { repository, handler };
}

describe('PickUpTowJobHandler', () => {
  it('picks up the car of a DISPATCHED job and saves it with VehiclePickedUp', async () => {
    const { repository, handler } = setup('DISPATCHED');
    const { id } = storedJob('DISPATCHED');

    const job = await handler.execute(new PickUpTowJobCommand(dave, id, CORRELATION));

    expect(job).toMatchObject({ id, status: 'PICKED_UP' });
    expect(repository.updates).toEqual([
      expect.objectContaining({
        from: 'DISPATCHED',
        events: [
          {
            type: 'VehiclePickedUp',
            version: 1,
            jobId: id,
            data: { jobId: id, claimId: job.claimId, companyId: 'T-01' },
          },
        ],
      }),
    ]);
  });

  it.each(['ASSIGNED', 'PICKED_UP', 'DELIVERED'] as const)(
    'refuses to pick up a %s job with TOWING.ILLEGAL_TRANSITION',
    async (status) => {
      const { repository, handler } = setup(status);
      await expect(
        handler.execute(new PickUpTowJobCommand(dave, storedJob(status).id, CORRELATION)),
      ).rejects.toMatchObject({ code: 'TOWING.ILLEGAL_TRANSITION', status: 409 });
      expect(repository.updates).toHaveLength(0);
    },
  );

  it("answers another company's operator 404 before looking at the state", async () => {
    const { handler } = setup('ASSIGNED');
    await expect(
      handler.execute(new PickUpTowJobCommand(erin, storedJob('ASSIGNED').id, CORRELATION)),
    ).rejects.toMatchObject({ code: 'TOWING.JOB_NOT_FOUND' });
  });
});
