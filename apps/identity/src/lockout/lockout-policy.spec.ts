import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCKOUT_POLICY, progressiveDelayMs } from './lockout-policy.js';

describe('progressiveDelayMs', () => {
  it('does not slow the first failures, then doubles up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) =>
      progressiveDelayMs(n, DEFAULT_LOCKOUT_POLICY),
    );
    expect(delays).toEqual([0, 0, 0, 500, 1000, 2000, 4000, 4000, 4000]);
  });
});
