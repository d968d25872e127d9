import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEALTH_PATH } from '@claimguard/contracts';
import { Agent, fetch as undiciFetch } from 'undici';
import { stopChild } from './broker.js';
import { appDir } from './paths.js';
import type { WorkloadTlsFiles } from './pki.js';

export type AppName = 'identity' | 'gateway' | DomainServiceName | 'web';

/** The domain services behind the gateway, in the order the stack starts them. */
export const DOMAIN_SERVICES = ['claims', 'towing', 'repair', 'rental'] as const;
export type DomainServiceName = (typeof DOMAIN_SERVICES)[number];

/** A started app process. */
export interface RunningApp {
  name: AppName;
  url: string;
  pid: number;
  /** The last lines the process printed, for failure messages. */
  output(): string;
  /** Resolves with the exit code once the process ended, whoever ended it. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Spawns `node apps/<app>/dist/main.js` (for the web app `next start`) with `env` (which must
 * hold `PORT`) and waits until
 * `GET /healthz` answers 200. Rejects with the process output if it exits or never gets healthy.
 * @example const claims = await startApp('claims', { PORT: '17001', DATABASE_URL: url, ... });
 */
export async function startApp(
  name: AppName,
  env: Record<string, string>,
  options: {
    timeoutMs?: number;
    inheritOutput?: boolean;
    logFile?: string;
    /** The app listens on mTLS: health checks go over https with this (the `ops`) certificate. */
    healthTls?: WorkloadTlsFiles;
  } = {},
): Promise<RunningApp> {
  const { args, built } = launch(name, env);
  if (!existsSync(built)) throw new Error(`${built} is missing: run pnpm build first`);
  const port = env.PORT;
  if (!port) throw new Error(`startApp(${name}): env.PORT is required`);
  const child = spawn(process.execPath, args, {
    cwd: appDir(name),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  child.on('exit', () => log?.end());
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n')) if (line) lines.push(line);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
    log?.write(chunk);
    if (options.inheritOutput) process.stdout.write(prefixLines(name, chunk.toString()));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `${options.healthTls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  const app: RunningApp = {
    name,
    url,
    pid: child.pid ?? -1,
    output: () => lines.join('\n'),
    exited,
    stop: () => stopChild(child),
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `${name} exited with ${child.exitCode} before it was healthy:\n${app.output()}`,
      );
    }
    if (await healthy(url, options.healthTls)) return app;
    await new Promise((r) => setTimeout(r, 150));
  }
  await app.stop();
  throw new Error(`${name} was not healthy within the timeout:\n${app.output()}`);
}

/**
 * How an app starts: the Node apps run their tsc output; the web app is Next.js serving its
 * production build (`next start`, which reads PORT), bound to HOST like the others.
 */
function launch(name: AppName, env: Record<string, string>): { args: string[]; built: string } {
  const dir = appDir(name);
  if (name === 'web') {
    const next = join(dir, 'node_modules/next/dist/bin/next');
    return {
      args: [next, 'start', '--hostname', env.HOST ?? '127.0.0.1'],
      built: join(dir, '.next/BUILD_ID'),
    };
  }
  const main = join(dir, 'dist/main.js');
  return { args: ['--enable-source-maps', main], built: main };
}

async function healthy(url: string, tls?: WorkloadTlsFiles): Promise<boolean> {
  if (!tls) {
    try {
      const response = await fetch(url + HEALTH_PATH, { signal: AbortSignal.timeout(1000) });
      return response.ok;
    } catch {
      return false;
    }
  }
  const agent = new Agent({
    connect: {
      cert: readFileSync(tls.certFile),
      key: readFileSync(tls.keyFile),
      ca: readFileSync(tls.caFile),
    },
  });
  try {
    const response = await undiciFetch(url + HEALTH_PATH, {
      dispatcher: agent,
      signal: AbortSignal.timeout(1000),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  } finally {
    await agent.close();
  }
}

function prefixLines(name: string, text: string): string {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => `[${name}] ${l}\n`)
    .join('');
}
