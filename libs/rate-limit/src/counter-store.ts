/** A fixed window's count after one more hit, and when the window ends. */
export interface WindowCount {
  count: number;
  /** Epoch milliseconds at which the window closes and the count starts again from zero. */
  resetAtMs: number;
}

/**
 * Where rate-limit counters live: memory (one replica) or Redis (shared by every replica). Fixed
 * windows aligned to the clock (`floor(now / window)`), so every replica with a synchronized clock
 * counts into the same window without asking anyone.
 */
export interface CounterStore {
  /** Adds one hit to `key`'s current window and returns the new count. */
  hit(key: string, windowMs: number, nowMs: number): Promise<WindowCount>;
  close(): Promise<void>;
}

/** The window `nowMs` falls in: its index (part of the key) and its end. */
export function windowOf(nowMs: number, windowMs: number): { index: number; resetAtMs: number } {
  const index = Math.floor(nowMs / windowMs);
  return { index, resetAtMs: (index + 1) * windowMs };
}
