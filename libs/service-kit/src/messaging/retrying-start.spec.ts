import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '@claimguard/observability';
import { RetryingStart, type RetryingStartOptions } from './retrying-start.js';

const logger = { warn: vi.fn() } as unknown as Logger & { warn: ReturnType<typeof vi.fn> };

/** A promise the test settles by hand. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function starter(overrides: Partial<RetryingStartOptions>) {
  const options = {
    attempt: vi.fn(() => Promise.resolve()),
    onStarted: vi.fn(),
    onStartedTooLate: vi.fn(() => Promise.resolve()),
    onFailed: vi.fn(() => Promise.resolve()),
    logger,
    failureMessage: 'thing could not start; retrying',
    ...overrides,
  };
  return { start: new RetryingStart(options), options };
}

beforeEach(() => {
  vi.useFakeTimers();
  logger.warn.mockClear();
});
afterEach(() => vi.useRealTimers());

describe('RetryingStart', () => {
  it('retries a failing attempt with backoff, cleaning up each failure, until it starts', async () => {
    const attempt = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockResolvedValue(undefined);
    const { start, options } = starter({ attempt });
    start.begin();
    await vi.advanceTimersByTimeAsync(999); // first backoff: 1 s
    expect(attempt).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1 + 2_000); // second backoff: 2 s
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(options.onFailed).toHaveBeenCalledTimes(2);
    expect(options.onStarted).toHaveBeenCalledOnce();
    expect(logger.warn).toHaveBeenCalledWith(
      { err: expect.any(Error), attempt: 2 },
      'thing could not start; retrying',
    );
  });

  it('stops waiting after ~2 s for an attempt that hangs, and undoes it when it succeeds later', async () => {
    const hanging = deferred();
    const { start, options } = starter({ attempt: () => hanging.promise });
    start.begin();
    let stopped = false;
    void start.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(stopped).toBe(true);
    hanging.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(options.onStartedTooLate).toHaveBeenCalledOnce();
    expect(options.onStarted).not.toHaveBeenCalled();
  });

  it('returns from stop as soon as a pending attempt fails, and tries no more', async () => {
    const failing = deferred();
    const attempt = vi.fn(() => failing.promise);
    const { start, options } = starter({ attempt });
    start.begin();
    const stopping = start.stop();
    failing.reject(new Error('ECONNREFUSED'));
    await vi.advanceTimersByTimeAsync(1_000); // the backoff after the failure
    await stopping;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(attempt).toHaveBeenCalledOnce();
    expect(options.onStarted).not.toHaveBeenCalled();
  });

  it('keeps retrying when the cleanup of a failed attempt fails too', async () => {
    const attempt = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockResolvedValue(undefined);
    const { start, options } = starter({
      attempt,
      onFailed: () => Promise.reject(new Error('not connected')),
    });
    start.begin();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(options.onStarted).toHaveBeenCalledOnce();
  });

  it('resolves stop at once when it never began', async () => {
    const { start, options } = starter({});
    await start.stop();
    start.begin();
    await vi.advanceTimersByTimeAsync(0);
    expect(options.attempt).not.toHaveBeenCalled();
  });
});
