import pg from 'pg';
import { errorBodyIssues, type HttpAnswer } from './http.js';
import type { TokenIssuer } from './token-issuer.js';

/** What {@link bootService} needs of an app: a Nest or plain Fastify app both fit. */
export interface ListeningApp {
  listen(options: { port: number; host: string }): Promise<unknown>;
  getUrl(): Promise<string>;
  close(): Promise<unknown>;
}

/** A logger whose `warn` is where the service writes its audit lines (pino's fits). */
export interface AuditingLogger {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pino's LogFn is overloaded
  warn: (...args: any[]) => unknown;
}

/** How to boot one service in process; see {@link bootService}. */
export interface BootServiceOptions<Env, Config, Log extends AuditingLogger, App> {
  /** The app factory, e.g. `createTowingApp`. */
  create(config: Config, log: NoInfer<Log>): Promise<App>;
  /** The service's config loader, e.g. `loadTowingConfig`: it fails at boot on a bad key. */
  loadConfig(env: Env): Config;
  /** The environment handed to `loadConfig` (see {@link serviceEnv}). */
  env: Env;
  /** The logger the service writes to; its `warn` is recorded so tests can read audit lines. */
  log: Log;
}

/** A service listening on a random local port, with the audit lines it wrote so far. */
export interface RunningService<App, Log = AuditingLogger> {
  app: App;
  url: string;
  log: Log;
  /** The `audit: true` objects the service logged at `warn`, oldest first. */
  audits(): Record<string, unknown>[];
  /** Closes the app; a second call does nothing. */
  close(): Promise<void>;
}

/**
 * Loads the config from `env`, creates the app with `log` and listens on 127.0.0.1, port 0. Every
 * `log.warn` call is recorded (and still logged), so `audits()` reads the audit trail without a
 * test framework's spies: the file serves vitest and Playwright alike.
 * @example
 * const svc = await bootService({
 *   create: createTowingApp,
 *   loadConfig: loadTowingConfig,
 *   env: serviceEnv({ databaseUrl, issuer, keysDir, consumerGroup }),
 *   log: createLogger('towing', 'silent'),
 * });
 * const answer = await httpCall(svc.url, 'GET', '/healthz');
 * await svc.close();
 */
export async function bootService<
  Env,
  Config,
  Log extends AuditingLogger,
  App extends ListeningApp,
>(options: BootServiceOptions<Env, Config, Log, App>): Promise<RunningService<App, Log>> {
  const { log } = options;
  const warnings: unknown[][] = [];
  const warn = log.warn.bind(log);
  log.warn = (...args: unknown[]) => {
    warnings.push(args);
    return warn(...args);
  };
  const app = await options.create(options.loadConfig(options.env), log);
  await app.listen({ port: 0, host: '127.0.0.1' });
  let closed: Promise<unknown> | undefined;
  return {
    app,
    url: await app.getUrl(),
    log,
    audits: () =>
      warnings
        .map(([fields]) => fields as Record<string, unknown>)
        .filter((fields) => typeof fields === 'object' && fields?.audit === true),
    close: async () => {
      closed ??= app.close();
      await closed;
    },
  };
}

/**
 * The services one test file booted, so it can close them all, or all but the next one: apps that
 * share a database and consumer group must run one at a time.
 * @example
 * const services = serviceSet((defensesOff = '') => bootService({ ...towing, env: env(defensesOff) }));
 * const svc = await services.boot();
 * await services.closeAll(); // the training app takes over
 * const training = await services.boot('bola');
 */
export function serviceSet<Args extends unknown[], App, Log>(
  boot: (...args: Args) => Promise<RunningService<App, Log>>,
): {
  /** Boots one more service and remembers it. */
  boot: (...args: Args) => Promise<RunningService<App, Log>>;
  /** Closes every service booted so far, oldest first. */
  closeAll: () => Promise<void>;
} {
  const running = new Set<RunningService<App, Log>>();
  return {
    boot: async (...args) => {
      const service = await boot(...args);
      running.add(service);
      return service;
    },
    closeAll: async () => {
      for (const service of [...running]) {
        running.delete(service);
        await service.close();
      }
    },
  };
}

/** The settings every domain service reads in an integration test; see {@link serviceEnv}. */
export interface ServiceEnvOptions {
  databaseUrl: string;
  issuer: Pick<TokenIssuer, 'issuer' | 'jwksUrl'>;
  /** The event-signing trust store (`EVENT_KEYS_DIR`). */
  keysDir: string;
  consumerGroup: string;
  /** Comma-separated training switches (`CLAIMGUARD_DEFENSES_OFF`); none by default. */
  defensesOff?: string;
  /** Defaults to `process.env.KAFKA_BROKERS`, the run's broker. */
  kafkaBrokers?: string;
  /** Service-specific settings, added last. */
  extra?: Record<string, string | undefined>;
}

/**
 * The environment of a domain service under test: test mode, silent logs, its database, the run's
 * broker, the test token issuer and trust store.
 * @example
 * const env = serviceEnv({ databaseUrl, issuer, keysDir: bus.keysDir, consumerGroup: GROUP });
 */
export function serviceEnv(options: ServiceEnvOptions): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: options.databaseUrl,
    KAFKA_BROKERS: options.kafkaBrokers ?? process.env.KAFKA_BROKERS,
    KAFKA_CONSUMER_GROUP: options.consumerGroup,
    PARTY_TOKEN_ISSUER: options.issuer.issuer,
    PARTY_TOKEN_JWKS_URL: options.issuer.jwksUrl,
    EVENT_KEYS_DIR: options.keysDir,
    CLAIMGUARD_DEFENSES_OFF: options.defensesOff ?? '',
    ...options.extra,
  };
}

/**
 * Throws unless `answer` is the platform's error answer with `status` and `code` (see
 * {@link errorBodyIssues}, whose issues the error lists); returns the body for further checks.
 * @example const body = expectError(await httpCall(url, 'GET', '/claims'), 401, 'AUTH.TOKEN_MISSING');
 */
export function expectError(answer: HttpAnswer, status: number, code: string): HttpAnswer['body'] {
  const issues = errorBodyIssues(answer, status, code);
  if (issues.length > 0) {
    throw new Error(`not the expected ${status} ${code}: ${issues.join('; ')}`);
  }
  return answer.body;
}

/** Reads a service's database in a test; see {@link serviceRows}. */
export interface ServiceRows {
  pool: pg.Pool;
  /** The first row of `sql`, or undefined. */
  one<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T | undefined>;
  /** How many rows of `table` have every column of `where` equal to its value. */
  count(table: string, where: Record<string, unknown>): Promise<number>;
  /** Whether consumer group `consumer` recorded event `eventId` in its inbox (processed it). */
  inboxHas(consumer: string, eventId: string): Promise<boolean>;
  close(): Promise<void>;
}

function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe identifier: ${name}`);
  return `"${name}"`;
}

/**
 * A small pool on a service's database, for asserting what the service stored.
 * @example
 * const rows = serviceRows(databaseUrl);
 * expect(await rows.count('tow_jobs', { claim_id: claimId })).toBe(1);
 * await rows.close();
 */
export function serviceRows(url: string): ServiceRows {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    pool,
    async one<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
      return (await pool.query<T>(sql, params)).rows[0];
    },
    async count(table, where) {
      const columns = Object.keys(where);
      const filter = columns.map((c, i) => `${identifier(c)} = $${i + 1}`).join(' AND ');
      const result = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${identifier(table)}${filter ? ` WHERE ${filter}` : ''}`,
        Object.values(where),
      );
      return Number(result.rows[0]?.n);
    },
    async inboxHas(consumer, eventId) {
      const result = await pool.query(
        'SELECT 1 FROM inbox_messages WHERE consumer = $1 AND event_id = $2',
        [consumer, eventId],
      );
      return result.rowCount === 1;
    },
    close: () => pool.end(),
  };
}
