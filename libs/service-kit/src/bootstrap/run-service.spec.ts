import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, DefenseSwitches } from '@claimguard/config';
import type { Logger } from '@claimguard/observability';
import {
  runService,
  type RunnableApp,
  type RunnableConfig,
  type ServiceProcess,
} from './run-service.js';

const CONFIG: RunnableConfig = {
  HOST: '127.0.0.1',
  PORT: 7999,
  LOG_LEVEL: 'silent',
  defenses: DefenseSwitches.allOn(),
};

/** A process stand-in: signals are emitted by the test, exits and stderr are recorded. */
function fakeProcess() {
  const signals = new EventEmitter();
  const proc = {
    once: (signal: NodeJS.Signals, listener: (s: NodeJS.Signals) => void) =>
      signals.once(signal, listener),
    exit: vi.fn(),
    stderr: { write: vi.fn() },
  } satisfies ServiceProcess;
  return { proc, signal: (s: NodeJS.Signals) => signals.emit(s, s) };
}

function fakeApp(close: () => Promise<void> = () => Promise.resolve()) {
  return { listen: vi.fn(() => Promise.resolve()), close: vi.fn(close) } satisfies RunnableApp;
}

/** Runs a service that boots `app` in `proc`; resolves once it listens. */
function runApp(app: RunnableApp, proc: ServiceProcess, shutdownGraceMs?: number) {
  return runService({
    name: 'demo',
    loadConfig: () => CONFIG,
    createApp: () => Promise.resolve(app),
    shutdownGraceMs,
    process: proc,
  });
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('runService', () => {
  it('listens on HOST:PORT with the logger it created for the service', async () => {
    const { proc } = fakeProcess();
    const app = fakeApp();
    const createApp = vi.fn((_config: RunnableConfig, _logger: Logger) => Promise.resolve(app));
    await runService({ name: 'demo', loadConfig: () => CONFIG, createApp, process: proc });
    expect(createApp).toHaveBeenCalledWith(
      CONFIG,
      expect.objectContaining({ info: expect.any(Function) }),
    );
    expect(app.listen).toHaveBeenCalledWith({ port: 7999, host: '127.0.0.1' });
    expect(proc.exit).not.toHaveBeenCalled();
  });

  it('exits 1 with the list of bad keys, and creates nothing, when the config is invalid', async () => {
    const { proc } = fakeProcess();
    const createApp = vi.fn();
    await runService({
      name: 'demo',
      loadConfig: () => {
        throw new ConfigError(['DATABASE_URL: Required', 'KAFKA_BROKERS: Required']);
      },
      createApp,
      process: proc,
    });
    expect(proc.stderr.write).toHaveBeenCalledWith(
      'Invalid configuration:\n  - DATABASE_URL: Required\n  - KAFKA_BROKERS: Required\n',
    );
    expect(proc.exit).toHaveBeenCalledWith(1);
    expect(createApp).not.toHaveBeenCalled();
  });

  it('exits 1 naming the service when the app cannot start', async () => {
    const { proc } = fakeProcess();
    await runService({
      name: 'demo',
      loadConfig: () => CONFIG,
      createApp: () => Promise.reject(new Error('listen EADDRINUSE')),
      process: proc,
    });
    expect(proc.stderr.write).toHaveBeenCalledWith(
      'demo failed to start: Error: listen EADDRINUSE\n',
    );
    expect(proc.exit).toHaveBeenCalledWith(1);
  });

  it('closes the app once on SIGTERM and exits 0', async () => {
    const { proc, signal } = fakeProcess();
    const app = fakeApp();
    await runApp(app, proc);
    signal('SIGTERM');
    signal('SIGINT');
    await vi.advanceTimersByTimeAsync(0);
    expect(app.close).toHaveBeenCalledOnce();
    expect(proc.exit).toHaveBeenCalledWith(0);
  });

  it('exits 1 when closing outlasts the grace period', async () => {
    const { proc, signal } = fakeProcess();
    const app = fakeApp(() => new Promise<void>(() => undefined));
    await runApp(app, proc, 500);
    signal('SIGINT');
    await vi.advanceTimersByTimeAsync(499);
    expect(proc.exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(proc.exit).toHaveBeenCalledWith(1);
  });

  it('exits 1 when closing fails', async () => {
    const { proc, signal } = fakeProcess();
    const app = fakeApp(() => Promise.reject(new Error('pool already ended')));
    await runApp(app, proc);
    signal('SIGTERM');
    await vi.advanceTimersByTimeAsync(0);
    expect(proc.exit).toHaveBeenCalledWith(1);
  });
});
