import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ALL_TOPICS } from '@claimguard/contracts';
import { REPO_ROOT } from './paths.js';

const run = promisify(execFile);
const SOURCE = join(REPO_ROOT, 'infra/kafka/mock-broker.c');
const BINARY = join(REPO_ROOT, 'infra/kafka/bin/mock-broker');

/** A running Kafka-protocol broker. */
export interface RunningBroker {
  brokers: string[];
  /** Takes every broker down (connections refused) until {@link RunningBroker.up}. */
  down(): void;
  up(): void;
  stop(): Promise<void>;
}

/** Compiles the mock broker launcher when the binary is missing (needs gcc and librdkafka-dev). */
export async function buildMockBroker(): Promise<string> {
  if (existsSync(BINARY)) return BINARY;
  mkdirSync(join(REPO_ROOT, 'infra/kafka/bin'), { recursive: true });
  try {
    await run('gcc', ['-O2', '-Wall', '-o', BINARY, SOURCE, '-lrdkafka', '-ldl']);
  } catch (error) {
    throw new Error(
      `cannot build the dev broker (apt-get install -y gcc librdkafka-dev): ${(error as Error).message}`,
      { cause: error },
    );
  }
  return BINARY;
}

/**
 * Starts librdkafka's mock cluster with every ClaimGuard topic (and its `.dlq`) created. It lives in
 * memory only: stopping it loses every message, which is what tests want.
 * @example const broker = await startMockBroker(); process.env.KAFKA_BROKERS = broker.brokers.join(',');
 */
export async function startMockBroker(
  options: { partitions?: number; bootstrapFile?: string } = {},
): Promise<RunningBroker> {
  const binary = await buildMockBroker();
  const args = ['--partitions', String(options.partitions ?? 3)];
  if (options.bootstrapFile) args.push('--bootstrap-file', options.bootstrapFile);
  const child = spawn(binary, [...args, ...ALL_TOPICS], { stdio: ['ignore', 'pipe', 'pipe'] });
  const brokers = await new Promise<string[]>((resolveBrokers, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^BOOTSTRAP (\S+)$/m.exec(out);
      if (match?.[1]) resolveBrokers(match[1].split(','));
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`mock broker exited (${code}): ${err}`)));
    child.on('error', reject);
  });
  return {
    brokers,
    down: () => child.kill('SIGUSR1'),
    up: () => child.kill('SIGUSR2'),
    stop: () => stopChild(child),
  };
}

/** Sends SIGTERM, then SIGKILL after `graceMs`, and resolves once the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
