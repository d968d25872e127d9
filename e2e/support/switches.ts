import type {
  DefenseId,
  DefensesReport,
  ScoreboardEntry,
  TrainingStatus,
} from '@claimguard/contracts';
import { call } from './api.js';
import { login } from './personas.js';

/** How long every process may take to apply a flip (the promise is 2 s). */
export const CONVERGENCE_BUDGET_MS = 2_000;

/** olga's console token (MFA login, `training:switch`), reused like every MFA persona's. */
export function instructorToken(): Promise<string> {
  return login('olga', 'training:switch');
}

/** The switchboard's view: switches, peers and whether every process applied them. */
export async function trainingStatus(): Promise<TrainingStatus> {
  const answer = await call<TrainingStatus>('GET', '/api/_training/status', {
    token: await instructorToken(),
  });
  if (answer.status !== 200) {
    throw new Error(`training status answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/**
 * Waits until every process that syncs with the switchboard runs with its current switches (and
 * carried out its last reset). Returns how long that took; throws past `budgetMs`.
 */
export async function waitForConvergence(budgetMs = CONVERGENCE_BUDGET_MS * 3): Promise<number> {
  // The console sign-in first (an MFA login may wait for the next TOTP step): not switching time.
  await instructorToken();
  const began = Date.now();
  for (;;) {
    const status = await trainingStatus();
    if (status.converged && status.peers.length > 0) return Date.now() - began;
    if (Date.now() - began > budgetMs) {
      throw new Error(`switches did not converge in ${budgetMs} ms: ${JSON.stringify(status)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Turns one defense on or off at runtime through the instructor's console API, as a trainer
 * would, and waits until every process applied it. Returns the time that took (ms).
 * @example await setDefense('bola', false);
 */
export async function setDefense(id: DefenseId, on: boolean): Promise<number> {
  // Already so (the previous scenario turned it back on and waited for every process): no flip.
  const report = await call<DefensesReport>('GET', '/api/_meta/defenses');
  if (report.body.defenses?.find((d) => d.id === id)?.on === on) return waitForConvergence();
  const answer = await call('PUT', `/api/_training/defenses/${id}`, {
    token: await instructorToken(),
    body: { on },
  });
  if (answer.status !== 200) {
    throw new Error(
      `turning ${id} ${on ? 'on' : 'off'} answered ${answer.status}: ${JSON.stringify(answer.body)}`,
    );
  }
  return waitForConvergence();
}

/** The workshop scoreboard (instructor only). */
export async function scoreboard(): Promise<ScoreboardEntry[]> {
  const answer = await call<{ entries: ScoreboardEntry[] }>('GET', '/api/_training/scoreboard', {
    token: await instructorToken(),
  });
  if (answer.status !== 200) throw new Error(`scoreboard answered ${answer.status}`);
  return answer.body.entries;
}
