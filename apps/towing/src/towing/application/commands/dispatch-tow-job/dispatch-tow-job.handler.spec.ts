import { partyCaller } from '@claimguard/testing';
import { describe, expect, it, vi } from 'vitest';
import type { AuthenticatedParty } from '@claimguard/auth';
import { DefenseSwitches } from '@claimguard/config';
import type { Party } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import type { TowJobSnapshot } from '../../../domain/tow-job.js';
import { TowingPolicy } from '../../../policies/towing.policy.js';
import { InMemoryTowJobs, storedJob } from '../in-memory-tow-jobs.fake.js';
import { TowJobMover } from '../tow-job-mover.js';
import { DispatchTowJobCommand } from './dispatch-tow-job.command.js';
import { DispatchTowJobHandler } from './dispatch-tow-job.handler.js';

const CORRELATION = '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c';
const caller = (party: Party): AuthenticatedParty => partyCaller(party, ['towing:write']);
const dave = caller({ kind: 'tow_operator', id: 'T-01' });
const erin = caller({ kind: 'tow_operator', id: 'T-02' });
const alice = caller({ kind: 'member', id: 'M-100001' });
const frank = caller({ kind: 'repair_shop', id: 'S-01' });

function setup(jobs: TowJobSnapshot[] = [storedJob('ASSIGNED')], defensesOff = '') {
  const repository = new InMemoryTowJobs(...jobs);
  const log = createLogger('towing-test', 'silent');
  const warn = vi.spyOn(log, 'warn');
  const policy = TowingPolicy.load(DefenseSwitches.fromSetting(defensesOff, 'test'));
  const handler = new DispatchTowJobHandler(new TowJobMover(repository, policy, log));
  const dispatch = (who: AuthenticatedParty, id: string = storedJob('ASSIGNED').id) =>
    handler.execute(new DispatchTowJobCommand(who, id, CORRELATION));
  return { repository, warn, dispatch };
}

describe('DispatchTowJobHandler', () => {
  it("dispatches dave's ASSIGNED job and saves it with TowJobDispatched, from ASSIGNED, with the caller as actor", async () => {
    const { dispatch, repository, warn } = setup();

    const job = await dispatch(dave);

    expect(job).toMatchObject({ status: 'DISPATCHED', companyId: 'T-01', shopId: null });
    expect(repository.updates).toEqual([
      {
        job,
        from: 'ASSIGNED',
        events: [
          {
            type: 'TowJobDispatched',
            version: 1,
            jobId: job.id,
            data: { jobId: job.id, claimId: job.claimId, companyId: 'T-01' },
          },
        ],
        context: { correlationId: CORRELATION, actor: { sub: dave.sub, party: dave.party } },
      },
    ]);
    // An ordinary allow writes no audit line.
    expect(warn).not.toHaveBeenCalled();
  });

  it('refuses a second dispatch with TOWING.ILLEGAL_TRANSITION and saves nothing more', async () => {
    const { dispatch, repository } = setup();
    await dispatch(dave);
    await expect(dispatch(dave)).rejects.toMatchObject({
      code: 'TOWING.ILLEGAL_TRANSITION',
      status: 409,
    });
    expect(repository.updates).toHaveLength(1);
  });

  it.each(['DISPATCHED', 'PICKED_UP', 'DELIVERED'] as const)(
    'refuses to dispatch a %s job',
    async (status) => {
      const { dispatch, repository } = setup([storedJob(status)]);
      await expect(dispatch(dave)).rejects.toMatchObject({ code: 'TOWING.ILLEGAL_TRANSITION' });
      expect(repository.updates).toHaveLength(0);
    },
  );

  it("answers erin TOWING.JOB_NOT_FOUND for dave's job, saves nothing and audits the bola denial", async () => {
    const { dispatch, repository, warn } = setup();
    await expect(dispatch(erin)).rejects.toMatchObject({
      code: 'TOWING.JOB_NOT_FOUND',
      status: 404,
    });
    expect(repository.updates).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        audit: true,
        action: 'authz.denied',
        defense: 'bola',
        party: erin.party,
        correlationId: CORRELATION,
        resource: `tow-job:${storedJob('ASSIGNED').id}`,
      }),
      'audit authz.denied',
    );
  });

  it('answers the same 404 for an UNASSIGNED job, an unknown id and a malformed id (never looked up)', async () => {
    const unassigned = storedJob('UNASSIGNED', { id: '5a0e2f4c-8b1d-4e6f-a7c9-3d2b1a0f9e8d' });
    const { dispatch, repository } = setup([unassigned]);
    for (const id of [unassigned.id, '9e8d7c6b-5a49-4382-9716-a5b4c3d2e1f0', "' OR 1=1--"]) {
      await expect(dispatch(dave, id)).rejects.toMatchObject({ code: 'TOWING.JOB_NOT_FOUND' });
    }
    expect(repository.lookedUp).not.toContain("' OR 1=1--");
    expect(repository.updates).toHaveLength(0);
  });

  it.each([
    ['a member', alice],
    ['a shop', frank],
  ])(
    'refuses %s with 403 AUTHZ.FORBIDDEN before looking the job up, and audits bfla',
    async (_who, party) => {
      const { dispatch, repository, warn } = setup();
      for (const id of [storedJob('ASSIGNED').id, '9e8d7c6b-5a49-4382-9716-a5b4c3d2e1f0']) {
        await expect(dispatch(party, id)).rejects.toMatchObject({
          code: 'AUTHZ.FORBIDDEN',
          status: 403,
        });
      }
      expect(repository.lookedUp).toEqual([]);
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ action: 'authz.denied', defense: 'bfla', party: party.party }),
        'audit authz.denied',
      );
    },
  );

  it("lets erin dispatch dave's job with bola off, and audits the training rule", async () => {
    const { dispatch, repository, warn } = setup(undefined, 'bola');
    await expect(dispatch(erin)).resolves.toMatchObject({
      status: 'DISPATCHED',
      companyId: 'T-01',
    });
    expect(repository.updates).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'authz.allowed',
        defense: 'bola',
        party: erin.party,
        reason: 'allowed by training-bola-off-any-tow-operator-moves-any-job',
      }),
      'audit authz.allowed',
    );
  });

  it('still refuses a member with bola off', async () => {
    const { dispatch } = setup(undefined, 'bola');
    await expect(dispatch(alice)).rejects.toMatchObject({ code: 'AUTHZ.FORBIDDEN' });
  });
});
