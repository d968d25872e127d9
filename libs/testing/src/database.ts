import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { appDir, prismaEngineOverride } from './paths.js';

const run = promisify(execFile);

/** Admin connection used to create databases and roles (trust auth on the dev machine). */
function defaultAdminUrl(): string {
  return process.env.PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

function databaseUrl(name: string, adminUrl: string): string {
  const admin = new URL(adminUrl);
  admin.username = name;
  admin.password = '';
  admin.pathname = `/${name}`;
  return admin.toString();
}

function assertIdentifier(name: string): void {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a safe database name: ${name}`);
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates database `name` owned by a login role of the same name (one database and one role per
 * service; `CONNECT` is revoked from `PUBLIC`, so no service can open another's database) and
 * returns its URL. Does nothing when both exist. `adminUrl` picks another server (a test's private
 * cluster); default `PG_ADMIN_URL` or the local one.
 * @example const url = await ensureDatabase('claimguard_it_claims');
 */
export async function ensureDatabase(name: string, adminUrl = defaultAdminUrl()): Promise<string> {
  assertIdentifier(name);
  await withAdmin(adminUrl, async (client) => {
    const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
    if (role.rowCount === 0) await client.query(`CREATE ROLE "${name}" LOGIN`);
    const db = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (db.rowCount === 0) await client.query(`CREATE DATABASE "${name}" OWNER "${name}"`);
    // Every time, not only at creation: a database made before this rule (or granted by hand)
    // becomes isolated again, so a service's credentials never open another service's data.
    await client.query(`REVOKE CONNECT ON DATABASE "${name}" FROM PUBLIC`);
    await client.query(`GRANT CONNECT ON DATABASE "${name}" TO "${name}"`);
  });
  return databaseUrl(name, adminUrl);
}

/**
 * The URL another role would use to open database `database` (a lateral-movement check: a
 * service's role aimed at another service's database). Nothing is created.
 * @example await tryConnect(crossDatabaseUrl('claimguard_towing', 'claimguard_claims'))
 */
export function crossDatabaseUrl(role: string, database: string): string {
  assertIdentifier(role);
  assertIdentifier(database);
  const url = new URL(databaseUrl(role, defaultAdminUrl()));
  url.pathname = `/${database}`;
  return url.toString();
}

/** What opening a database connection gave: connected, or PostgreSQL's error code and message. */
export type ConnectAttempt =
  { connected: true } | { connected: false; code: string; message: string };

/**
 * Opens and closes one connection to `url` without throwing.
 * @example await tryConnect(url) // { connected: false, code: '42501', message: 'permission denied for database …' }
 */
export async function tryConnect(url: string): Promise<ConnectAttempt> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { connected: true };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { connected: false, code: e.code ?? 'unknown', message: e.message ?? String(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The database (and role) name of `app` in a stack profile, as {@link migratedDatabase} names it. */
export function databaseName(app: string, profile: string): string {
  return profile === 'dev' ? `claimguard_${app}` : `claimguard_${profile}_${app}`;
}

/**
 * Drops database `name` (closing its connections) and creates it again, empty; on `adminUrl`'s
 * server when given.
 */
export async function resetDatabase(name: string, adminUrl = defaultAdminUrl()): Promise<string> {
  assertIdentifier(name);
  await withAdmin(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  );
  return ensureDatabase(name, adminUrl);
}

/**
 * Applies an app's committed migrations (`prisma migrate deploy`) to `url`.
 * @example await migrateDatabase(appDir('claims'), url);
 */
export async function migrateDatabase(dir: string, url: string): Promise<void> {
  const engine = prismaEngineOverride();
  try {
    await run(`${dir}/node_modules/.bin/prisma`, ['migrate', 'deploy'], {
      cwd: dir,
      env: {
        ...process.env,
        DATABASE_URL: url,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        ...(engine ? { PRISMA_SCHEMA_ENGINE_BINARY: engine } : {}),
      },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`prisma migrate deploy failed in ${dir}:\n${e.stdout ?? ''}${e.stderr ?? ''}`, {
      cause: error,
    });
  }
}

/** Database name and migrated URL for one app, e.g. `migratedDatabase('claims', 'it')`. */
export async function migratedDatabase(app: string, profile: string): Promise<string> {
  const url = await ensureDatabase(databaseName(app, profile));
  await migrateDatabase(appDir(app), url);
  return url;
}
