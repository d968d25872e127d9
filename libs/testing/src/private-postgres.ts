import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';

const run = promisify(execFile);

/** Where Debian keeps PostgreSQL 15's server binaries (`PG_BIN` overrides it). */
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A PostgreSQL cluster of one test's own, which the test may take down without harming others. */
export interface PrivatePostgres {
  /** Superuser URL of the cluster's `postgres` database (trust auth). */
  adminUrl: string;
  port: number;
  /** `pg_ctl stop -m immediate`: the server vanishes as in a crash; connections break at once. */
  kill(): Promise<void>;
  /** Starts the (stopped) cluster again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops the cluster and deletes its data directory. */
  destroy(): Promise<void>;
}

/**
 * `initdb` into a temporary directory and `pg_ctl start` on a free loopback port (trust auth),
 * so a fault test can stop the database under a running service — never the shared server. As
 * root, the binaries run as the `postgres` user (initdb refuses root).
 * @example const pg = await startPrivatePostgres(); const url = await resetDatabase('x', pg.adminUrl);
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'claimguard-private-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pgTool = async (tool: string, args: string[]): Promise<void> => {
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args]]
      : [join(PG_BIN, tool), args];
    try {
      await run(cmd, argv, { cwd: dir });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`${tool} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: error });
    }
  };
  await pgTool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () =>
    pgTool('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', 'start']);
  const kill = () => pgTool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  await start();
  let stopped = false;
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    kill,
    start,
    destroy: async () => {
      if (stopped) return;
      stopped = true;
      await kill().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
