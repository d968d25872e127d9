import type { TowJob, TowJobSnapshot } from '../../domain/tow-job.js';
import type { TowJobEvent } from '../../domain/tow-job.events.js';
import type { TowJobStatus } from '../../domain/tow-job-status.js';
import { IllegalTowJobTransition } from '../../domain/tow-job.errors.js';
import { TowJobRepository, type ChangeContext } from '../ports/tow-job.repository.port.js';

/** A stored job in `status` (T-01 unless UNASSIGNED; DELIVERED ones at S-02). For unit tests. */
export function storedJob(
  status: TowJobStatus,
  overrides: Partial<TowJobSnapshot> = {},
): TowJobSnapshot {
  return {
    id: '0b9f3f0e-3c1a-4d7e-9f57-5b1f2a3c4d5e',
    claimId: '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10',
    companyId: status === 'UNASSIGNED' ? null : 'T-01',
    status,
    shopId: status === 'DELIVERED' ? 'S-02' : null,
    pickup: { city: 'San Antonio', state: 'TX', postalCode: '78205' },
    vehicle: { make: 'Honda', model: 'Accord', year: 2019 },
    createdAt: new Date('2026-03-14T15:09:26.000Z'),
    ...overrides,
  };
}

/**
 * The tow job port in memory, for the move handlers' unit tests: it keeps jobs by id, applies
 * `update` with the same compare-and-set rule as PostgreSQL, and records what was saved.
 */
export class InMemoryTowJobs extends TowJobRepository {
  readonly jobs = new Map<string, TowJobSnapshot>();
  readonly updates: {
    job: TowJobSnapshot;
    from: TowJobStatus;
    events: readonly TowJobEvent[];
    context: ChangeContext;
  }[] = [];
  readonly lookedUp: string[] = [];

  constructor(...jobs: TowJobSnapshot[]) {
    super();
    for (const job of jobs) this.jobs.set(job.id, job);
  }

  findByClaimId(): Promise<TowJobSnapshot | undefined> {
    return Promise.reject(new Error('not used by moves'));
  }

  add(): Promise<void> {
    return Promise.reject(new Error('not used by moves'));
  }

  update(
    job: TowJob,
    from: TowJobStatus,
    events: readonly TowJobEvent[],
    context: ChangeContext,
  ): Promise<void> {
    if (this.jobs.get(job.id)?.status !== from) {
      return Promise.reject(
        new IllegalTowJobTransition('Another request moved this tow job first'),
      );
    }
    this.jobs.set(job.id, job.snapshot());
    this.updates.push({ job: job.snapshot(), from, events, context });
    return Promise.resolve();
  }

  findById(id: string): Promise<TowJobSnapshot | undefined> {
    this.lookedUp.push(id);
    return Promise.resolve(this.jobs.get(id));
  }

  listByCompany(): Promise<TowJobSnapshot[]> {
    return Promise.reject(new Error('not used by moves'));
  }

  listAll(): Promise<TowJobSnapshot[]> {
    return Promise.reject(new Error('not used by moves'));
  }
}
