import type { AttackResult } from './attack.js';

/** One request of a burst: its status, and the verdict when the request settles the attack. */
export interface BurstStep {
  status: number;
  /** `blocked` (the limit answered) or `inconclusive` (something else went wrong): stops the burst. */
  verdict?: AttackResult;
}

/**
 * Sends requests one after another until the limiter refuses one (`verdict`) or more than `limit`
 * were served inside one fixed window — the attacker's gain, proven without depending on how fast
 * the machine sends them. The limiters count in windows of floor(now / windowMs) on this machine's
 * clock; only requests that began and ended in the same window count towards it, and a burst cut
 * by a window's end starts over in the next.
 * @example await burstPastLimit({ limit: 100, windowMs: 60_000, send: async (i) => ({ status: 200 }) });
 */
export async function burstPastLimit(options: {
  limit: number;
  windowMs: number;
  send: (i: number) => Promise<BurstStep>;
}): Promise<AttackResult> {
  const { limit, windowMs, send } = options;
  const maxRequests = 3 * (limit + 1);
  const statuses = new Map<number, number>();
  let window = -1;
  let servedInWindow = 0;
  for (let i = 1; i <= maxRequests; i++) {
    const sent = Math.floor(Date.now() / windowMs);
    const step = await send(i);
    const answered = Math.floor(Date.now() / windowMs);
    statuses.set(step.status, (statuses.get(step.status) ?? 0) + 1);
    if (step.verdict) return step.verdict;
    if (sent !== window || answered !== sent) {
      window = answered;
      servedInWindow = sent === answered ? 1 : 0;
      continue;
    }
    servedInWindow += 1;
    if (servedInWindow > limit) {
      const seen = [...statuses].map(([s, n]) => `${n}× ${s}`).join(', ');
      return {
        outcome: 'succeeded',
        status: step.status,
        evidence: `${servedInWindow} requests served within one ${windowMs / 1000} s window, past the limit of ${limit} (${seen})`,
      };
    }
  }
  return {
    outcome: 'inconclusive',
    status: 0,
    evidence: `${maxRequests} requests never put ${limit + 1} into one window`,
  };
}
