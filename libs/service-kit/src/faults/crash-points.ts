import type { Logger } from '@claimguard/observability';

/**
 * Where a test may make the process die on purpose (`FAULT_INJECTION`, test-only: the config
 * refuses it in production), to prove that a crash at the worst moment loses and doubles nothing:
 * - `exit-after-consume-commit`: a consumer committed an event's effect and inbox row, and dies
 *   before Kafka learns the offset — the event comes again after the restart;
 * - `exit-before-publish`: the state and its outbox row committed (the caller got its answer), and
 *   the relay dies before sending the batch — the batch is sent after the restart;
 * - `exit-after-publish`: the outbox relay sent a batch, and dies before marking it sent — the
 *   batch is sent again after the restart.
 */
export const CRASH_POINTS = [
  'exit-after-consume-commit',
  'exit-before-publish',
  'exit-after-publish',
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

/** The exit code of a deliberate crash, so a test can tell it from a real failure. */
export const CRASH_EXIT_CODE = 86;

let armed: CrashPoint | undefined;

/** Arms one crash point for this process (or none). Called once at boot by the chassis. */
export function armCrashPoint(point: CrashPoint | undefined): void {
  armed = point;
}

/**
 * Ends the process right here when `point` is armed — abruptly, like a kill: no shutdown hooks,
 * no offset commit, no outbox mark.
 */
export function crashPoint(point: CrashPoint, logger: Logger): void {
  if (armed !== point) return;
  logger.warn({ crashPoint: point }, 'fault injection: exiting at crash point');
  process.exit(CRASH_EXIT_CODE);
}
