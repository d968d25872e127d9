import type {
  DefenseId,
  DefensesReport,
  ScoreboardEntry,
  TrainingStatus,
} from '@claimguard/contracts';
import { call } from './api.js';
import type { OidcTokens } from '@claimguard/testing';
import { loginTokens, refreshedTokens } from './personas.js';

/**
 * Every process of the e2e stack that syncs with the switchboard (the gateway holds it; the web
 * app only reads the gateway's report). Waits name them, so a process that is slow to sync is
 * waited for — never counted out as "stale", which would let an attack run before it applied.
 */
export const SYNCING_PROCESSES = ['claims', 'identity', 'rental', 'repair', 'towing'] as const;

/**
 * How long a wait on the stack may last before the test gives up. A guard against a hung stack,
 * not a speed claim: every wait ends on an event (a process reported), however slow the machine.
 * The speed promises (a flip applied everywhere within 2 s, …) are measured by bench/.
 */
export const HANG_GUARD_MS = 60_000;

/** olga's console session: her access token, the refresh token to renew it, when to renew. */
let consoleSession: { tokens: Promise<OidcTokens>; renewAfter: number } | undefined;

/**
 * Renews olga's console session. Only an opaque token (introspected at identity) may switch, and
 * identity issues opaque tokens only while `phantom-token` is on — a token issued while it is off
 * is a JWT the console refuses, with no way left to turn it back on. So the session is renewed
 * before every flip that turns a defense off, while `phantom-token` is still on, and otherwise at
 * half the token's life. Renewal uses the refresh token (one `/token` request, no TOTP step to wait
 * for); the first time, or when the refresh fails, olga signs in with password and TOTP.
 */
function renewConsoleSession(): Promise<OidcTokens> {
  const previous = consoleSession?.tokens;
  const tokens = (async () => {
    const refreshToken = await previous?.then(
      (t) => t.refresh_token,
      () => undefined,
    );
    if (refreshToken) {
      try {
        return await refreshedTokens(refreshToken);
      } catch {
        // Refresh refused (the grant ended): sign in again below.
      }
    }
    return loginTokens('olga', 'training:switch');
  })();
  const session = { tokens, renewAfter: Number.POSITIVE_INFINITY };
  consoleSession = session;
  tokens.then(
    (t) => {
      session.renewAfter = Date.now() + (t.expires_in * 1000) / 2;
    },
    () => {
      if (consoleSession === session) consoleSession = undefined;
    },
  );
  return tokens;
}

/** olga's console token (MFA login, `training:switch`); see {@link renewConsoleSession}. */
export async function instructorToken(): Promise<string> {
  const session =
    consoleSession && Date.now() <= consoleSession.renewAfter
      ? consoleSession.tokens
      : renewConsoleSession();
  return (await session).access_token;
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
 * Polls the switchboard until `done` holds for its status; throws after {@link HANG_GUARD_MS}
 * with the last status seen.
 */
async function untilStatus(
  what: string,
  done: (status: TrainingStatus) => boolean,
): Promise<TrainingStatus> {
  const began = Date.now();
  for (;;) {
    const status = await trainingStatus();
    if (done(status)) return status;
    if (Date.now() - began > HANG_GUARD_MS) {
      throw new Error(`${what}: not after ${HANG_GUARD_MS} ms (hung?): ${JSON.stringify(status)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until every one of {@link SYNCING_PROCESSES} reported that it runs with the switchboard's
 * current switches and carried out its last reset. Returns how long that took (for the report;
 * nothing asserts on it).
 */
export async function waitForConvergence(): Promise<number> {
  // The console sign-in first (an MFA login may wait for the next TOTP step): not switching time.
  await instructorToken();
  const began = Date.now();
  await untilStatus('every process to apply the switches', (status) =>
    SYNCING_PROCESSES.every((name) => {
      const peer = status.peers.find((p) => p.service === name);
      return peer && peer.applied >= status.version && peer.resetDone >= status.resetEpoch;
    }),
  );
  return Date.now() - began;
}

/**
 * Waits until every one of {@link SYNCING_PROCESSES} has sent two syncs that reached the
 * switchboard after `since` (epoch ms). The second was built after the first arrived, so it carries
 * every detection its process made before `since`: after this, the scoreboard holds them all.
 */
export async function waitForSyncsAfter(since: number): Promise<void> {
  const lastSync = (status: TrainingStatus, name: string) =>
    Date.parse(status.peers.find((p) => p.service === name)?.lastSyncAt ?? '') || 0;
  const first = await untilStatus('every process to sync after the attack', (status) =>
    SYNCING_PROCESSES.every((name) => lastSync(status, name) > since),
  );
  await untilStatus('every process to sync once more', (status) =>
    SYNCING_PROCESSES.every((name) => lastSync(status, name) > lastSync(first, name)),
  );
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
  const phantomTokenOn = report.body.defenses?.find((d) => d.id === 'phantom-token')?.on;
  if (!on && phantomTokenOn) await renewConsoleSession();
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
