import type { ReservationSnapshot } from '../../domain/reservation.js';
import { Reservation } from '../../domain/reservation.js';
import type { ReservationEvent } from '../../domain/reservation.events.js';
import {
  ReservationRepository,
  type ChangeContext,
  type ReservationChange,
} from './reservation.repository.port.js';
import type { Transaction } from './transaction.js';

/** One write the fake saw: what was stored, with which events, context and transaction. */
export interface RecordedWrite {
  kind: 'add' | 'update';
  reservation: ReservationSnapshot;
  events: readonly ReservationEvent[];
  context: ChangeContext;
  tx: Transaction | undefined;
}

/**
 * The reservation port in memory, for handler unit tests (the handlers are under test, not
 * PostgreSQL). `update` is compare-and-set on the status like the Prisma adapter; `moveBehindYourBack`
 * simulates a concurrent writer.
 */
export class InMemoryReservationRepository extends ReservationRepository {
  readonly writes: RecordedWrite[] = [];
  private readonly rows = new Map<string, ReservationSnapshot>();

  constructor(seed: readonly ReservationSnapshot[] = []) {
    super();
    for (const row of seed) this.rows.set(row.id, row);
  }

  /** Changes a stored row without any event, as another transaction would. */
  moveBehindYourBack(id: string, change: Partial<ReservationSnapshot>): void {
    const row = this.rows.get(id);
    if (row) this.rows.set(id, { ...row, ...change });
  }

  findByClaimId(claimId: string): Promise<ReservationSnapshot | undefined> {
    return Promise.resolve([...this.rows.values()].find((r) => r.claimId === claimId));
  }

  add(
    reservation: Reservation,
    events: readonly ReservationEvent[],
    context: ChangeContext,
    tx: Transaction,
  ): Promise<void> {
    const snapshot = reservation.snapshot();
    if ([...this.rows.values()].some((r) => r.claimId === snapshot.claimId)) {
      return Promise.reject(new Error('unique violation: claim_id'));
    }
    this.rows.set(snapshot.id, snapshot);
    this.writes.push({ kind: 'add', reservation: snapshot, events, context, tx });
    return Promise.resolve();
  }

  update(change: ReservationChange, tx?: Transaction): Promise<boolean> {
    const snapshot = change.reservation.snapshot();
    const row = this.rows.get(snapshot.id);
    if (row?.status !== change.expectedStatus) return Promise.resolve(false);
    this.rows.set(snapshot.id, snapshot);
    this.writes.push({
      kind: 'update',
      reservation: snapshot,
      events: change.events,
      context: change.context,
      tx,
    });
    return Promise.resolve(true);
  }

  findById(id: string): Promise<ReservationSnapshot | undefined> {
    return Promise.resolve(this.rows.get(id));
  }

  listByMember(memberId: string, limit: number): Promise<ReservationSnapshot[]> {
    return Promise.resolve(this.newest((r) => r.memberId === memberId, limit));
  }

  listByAgency(agencyId: string, limit: number): Promise<ReservationSnapshot[]> {
    return Promise.resolve(this.newest((r) => r.agencyId === agencyId, limit));
  }

  private newest(keep: (r: ReservationSnapshot) => boolean, limit: number): ReservationSnapshot[] {
    return [...this.rows.values()]
      .filter(keep)
      .sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime())
      .slice(0, limit);
  }
}

/** A stored reservation for tests: alice's TX claim at R-01, REQUESTED, overridable. */
export function storedReservation(
  overrides: Partial<ReservationSnapshot> = {},
): ReservationSnapshot {
  return Reservation.restore({
    id: '3f0c2b1a-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
    claimId: '7d3c4a52-2f7e-4c1f-9a55-0d6f4b1e2a10',
    memberId: 'M-100001',
    agencyId: 'R-01',
    status: 'REQUESTED',
    pickup: { city: 'San Antonio', state: 'TX' },
    requestedAt: new Date('2026-03-14T15:09:26.000Z'),
    confirmedAt: null,
    closedAt: null,
    coveredDays: null,
    ...overrides,
  }).snapshot();
}
