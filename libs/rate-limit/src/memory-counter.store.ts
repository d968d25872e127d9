import { windowOf, type CounterStore, type WindowCount } from './counter-store.js';

/**
 * Counters in this process only: the fallback without `REDIS_URL` (and while Redis is away). Each
 * replica then limits on its own, so N replicas let up to N × limit through.
 */
export class MemoryCounterStore implements CounterStore {
  private readonly counters = new Map<string, WindowCount>();

  /** @param maxKeys most counters kept; past it, closed windows are swept, then the oldest go. */
  constructor(private readonly maxKeys = 100_000) {}

  hit(key: string, windowMs: number, nowMs: number): Promise<WindowCount> {
    const { resetAtMs } = windowOf(nowMs, windowMs);
    const current = this.counters.get(key);
    if (current && current.resetAtMs === resetAtMs) {
      current.count += 1;
      return Promise.resolve({ ...current });
    }
    if (!current && this.counters.size >= this.maxKeys) this.makeRoom(nowMs);
    const fresh = { count: 1, resetAtMs };
    this.counters.set(key, fresh);
    return Promise.resolve({ ...fresh });
  }

  close(): Promise<void> {
    this.counters.clear();
    return Promise.resolve();
  }

  get size(): number {
    return this.counters.size;
  }

  private makeRoom(nowMs: number): void {
    for (const [key, counter] of this.counters)
      if (counter.resetAtMs <= nowMs) this.counters.delete(key);
    for (const key of this.counters.keys()) {
      if (this.counters.size < this.maxKeys) break;
      this.counters.delete(key);
    }
  }
}
