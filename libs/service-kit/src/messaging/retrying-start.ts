import type { Logger } from '@claimguard/observability';

/** How long `stop()` waits by default for an attempt that is still under way. */
export const DEFAULT_START_WAIT_ON_STOP_MS = 2_000;

export interface RetryingStartOptions {
  /** One attempt to connect or start; rejects to be retried with backoff. */
  attempt(): Promise<void>;
  /** After a successful attempt while still running (e.g. start the relay, log "started"). */
  onStarted?(): void;
  /** After a successful attempt that finished once `stop()` had begun: undo it (e.g. disconnect). */
  onStartedTooLate(): Promise<void>;
  /** After a failed attempt, before the backoff (e.g. tear down a half-started consumer). */
  onFailed?(): Promise<void>;
  logger: Logger;
  /** The warning logged for each failed attempt, e.g. `kafka producer could not connect; retrying`. */
  failureMessage: string;
  /** Longest wait in `stop()` for an attempt under way; default `DEFAULT_START_WAIT_ON_STOP_MS`. */
  stopWaitMs?: number;
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Connects something to the broker in the background, retrying with backoff (0.5 s doubling, at
 * most 10 s) for as long as the service runs: the service serves HTTP while the broker is away.
 * `stop()` waits a bounded time for an attempt under way — kafkajs keeps retrying one connect for
 * about 30 s against a broker that is down, and SIGTERM must not hang on it; the attempt, when it
 * finally succeeds, sees the stop and undoes itself (`onStartedTooLate`).
 * @example
 * const start = new RetryingStart({
 *   attempt: () => producer.connect(),
 *   onStarted: () => relay.start(),
 *   onStartedTooLate: () => producer.disconnect(),
 *   logger,
 *   failureMessage: 'kafka producer could not connect; retrying',
 * });
 * start.begin(); // onApplicationBootstrap
 * await start.stop(); // onModuleDestroy, then stop what onStarted started
 */
export class RetryingStart {
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(private readonly options: RetryingStartOptions) {}

  /** Starts the attempts in the background (once). */
  begin(): void {
    this.running ??= this.attemptUntilStartedOrStopped();
  }

  /** Ends the retries and waits at most `stopWaitMs` for an attempt under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (!this.running) return;
    const waitMs = this.options.stopWaitMs ?? DEFAULT_START_WAIT_ON_STOP_MS;
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
    });
    try {
      await Promise.race([this.running, bound]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async attemptUntilStartedOrStopped(): Promise<void> {
    const { options } = this;
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await options.attempt();
        if (this.stopped) await options.onStartedTooLate();
        else options.onStarted?.();
        return;
      } catch (error) {
        options.logger.warn({ err: error, attempt }, options.failureMessage);
        // A cleanup that fails too must not end the retries: the next attempt starts afresh.
        await options.onFailed?.().catch(() => undefined);
        await delay(Math.min(10_000, 500 * 2 ** attempt));
      }
    }
  }
}
