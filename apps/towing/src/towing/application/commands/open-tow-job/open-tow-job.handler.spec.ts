import { describe, expect, it } from 'vitest';
import type { ClaimFiledV1 } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import type { TowCompany } from '../../../domain/tow-company.js';
import type { TowJob, TowJobSnapshot } from '../../../domain/tow-job.js';
import type { TowJobEvent } from '../../../domain/tow-job.events.js';
import { TowCompanyRepository } from '../../ports/tow-company.repository.port.js';
import { TowJobRepository, type ChangeContext } from '../../ports/tow-job.repository.port.js';
import type { Transaction } from '../../ports/transaction.js';
import { OpenTowJobCommand } from './open-tow-job.command.js';
import { OpenTowJobHandler } from './open-tow-job.handler.js';

/** The repository port, faked in memory: this test is about the handler, not PostgreSQL. */
class InMemoryTowJobRepository extends TowJobRepository {
  readonly saved: {
    job: TowJobSnapshot;
    events: readonly TowJobEvent[];
    context: ChangeContext;
    tx: Transaction;
  }[] = [];

  findByClaimId(claimId: string): Promise<TowJobSnapshot | undefined> {
    return Promise.resolve(this.saved.find((s) => s.job.claimId === claimId)?.job);
  }

  add(
    job: TowJob,
    events: readonly TowJobEvent[],
    context: ChangeContext,
    tx: Transaction,
  ): Promise<void> {
    this.saved.push({ job: job.snapshot(), events, context, tx });
    return Promise.resolve();
  }

  update(): Promise<void> {
    return Promise.reject(new Error('opening a job never updates one'));
  }

  findById(id: string): Promise<TowJobSnapshot | undefined> {
    return Promise.resolve(this.saved.find((s) => s.job.id === id)?.job);
  }

  listAll(): Promise<TowJobSnapshot[]> {
    return Promise.resolve(this.saved.map((s) => s.job));
  }

  listByCompany(companyId: string): Promise<TowJobSnapshot[]> {
    return Promise.resolve(
      this.saved.filter((s) => s.job.companyId === companyId).map((s) => s.job),
    );
  }
}

class FixedTowCompanies extends TowCompanyRepository {
  all(): Promise<TowCompany[]> {
    return Promise.resolve([
      { id: 'T-01', name: 'Lone Star Towing', serviceStates: ['TX', 'OK', 'LA', 'NM'] },
      { id: 'T-02', name: 'Golden State Recovery', serviceStates: ['CA', 'NV', 'AZ', 'OR'] },
    ]);
  }
}

const TX = { marker: 'the event transaction' } as unknown as Transaction;
const CONTEXT: ChangeContext = {
  correlationId: '6c1b0f2e-6f4e-4f8a-9d8c-1d2e3f4a5b6c',
  causationId: '1f2e3d4c-5b6a-4987-8a1b-2c3d4e5f6a7b',
};

function claimFiled(overrides: Partial<ClaimFiledV1> = {}): ClaimFiledV1 {
  return {
    claimId: '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10',
    memberId: 'M-100001',
    vehicle: { vin: '1HGCM82633A004352', make: 'Honda', model: 'Accord', year: 2019 },
    lossDate: '2026-03-13',
    location: { city: 'San Antonio', state: 'TX', postalCode: '78205' },
    needsTow: true,
    needsRental: false,
    ...overrides,
  };
}

function setup() {
  const jobs = new InMemoryTowJobRepository();
  const handler = new OpenTowJobHandler(
    jobs,
    new FixedTowCompanies(),
    createLogger('towing-test', 'silent'),
  );
  return { jobs, handler };
}

describe('OpenTowJobHandler', () => {
  it("opens the claim's job for the dispatched company and saves it with TowJobCreated, the causing event's context and transaction", async () => {
    const { jobs, handler } = setup();

    const result = await handler.execute(new OpenTowJobCommand(claimFiled(), CONTEXT, TX));

    expect(result).toMatchObject({
      outcome: 'opened',
      job: { claimId: claimFiled().claimId, companyId: 'T-01', status: 'ASSIGNED' },
    });
    expect(jobs.saved).toHaveLength(1);
    const [saved] = jobs.saved;
    expect(saved?.events).toEqual([
      expect.objectContaining({ type: 'TowJobCreated', jobId: saved?.job.id }),
    ]);
    expect(saved?.context).toEqual(CONTEXT);
    expect(saved?.tx).toBe(TX);
  });

  it('gives every job a fresh UUID', async () => {
    const { jobs, handler } = setup();
    await handler.execute(new OpenTowJobCommand(claimFiled(), CONTEXT, TX));
    await handler.execute(
      new OpenTowJobCommand(
        claimFiled({ claimId: '9e8d7c6b-5a49-4382-9716-a5b4c3d2e1f0' }),
        CONTEXT,
        TX,
      ),
    );
    const [first, second] = jobs.saved.map((s) => s.job.id);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first).not.toBe(second);
  });

  it('keeps the existing job when the claim already has one, and saves nothing new', async () => {
    const { jobs, handler } = setup();
    const first = await handler.execute(new OpenTowJobCommand(claimFiled(), CONTEXT, TX));

    const again = await handler.execute(new OpenTowJobCommand(claimFiled(), CONTEXT, TX));

    expect(again.outcome).toBe('already-open');
    expect(again.outcome === 'already-open' && again.job.id).toBe(
      first.outcome === 'opened' && first.job.id,
    );
    expect(jobs.saved).toHaveLength(1);
  });

  it('opens nothing for a claim that needs no tow', async () => {
    const { jobs, handler } = setup();
    const result = await handler.execute(
      new OpenTowJobCommand(claimFiled({ needsTow: false }), CONTEXT, TX),
    );
    expect(result).toEqual({ outcome: 'not-needed' });
    expect(jobs.saved).toHaveLength(0);
  });

  it('opens an UNASSIGNED job when no company serves the state', async () => {
    const { handler } = setup();
    const result = await handler.execute(
      new OpenTowJobCommand(
        claimFiled({ location: { city: 'Albany', state: 'NY', postalCode: '12207' } }),
        CONTEXT,
        TX,
      ),
    );
    expect(result).toMatchObject({
      outcome: 'opened',
      job: { companyId: null, status: 'UNASSIGNED' },
    });
  });
});
