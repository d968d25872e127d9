import { expect } from 'vitest';
import pg from 'pg';
import type { Party } from '@claimguard/contracts';
import {
  freePort,
  httpCall,
  randomVin,
  startApp,
  type RunningApp,
  type RunningBroker,
  type TokenIssuer,
} from '@claimguard/testing';

/**
 * What the real-process fault specs (crash recovery, faults) share: starting the built claims and
 * towing apps against one broker and their databases, filing a claim, and counting tow jobs.
 */

export const ALICE: Party = { kind: 'member', id: 'M-100001' };

export interface ProcessKitOptions {
  broker: RunningBroker;
  issuer: TokenIssuer;
  keysDir: string;
  databases: () => { claims: string; towing: string };
}

/** Runs `sql` on its own connection to `url` and returns the rows. */
export async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** `url` with `application_name` set, so `pg_stat_activity` tells one process's sessions apart. */
export function namedConnection(url: string, applicationName: string): string {
  const named = new URL(url);
  named.searchParams.set('application_name', applicationName);
  return named.toString();
}

export function processKit(options: ProcessKitOptions) {
  const running = new Set<RunningApp>();

  /** Starts claims or towing; `fault` arms a crash point, `env` overrides any variable. */
  async function start(
    app: 'claims' | 'towing',
    fault?: string,
    env: Record<string, string> = {},
  ): Promise<RunningApp> {
    const dbs = options.databases();
    const started = await startApp(app, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      DATABASE_URL: app === 'claims' ? dbs.claims : dbs.towing,
      KAFKA_BROKERS: options.broker.brokers.join(','),
      PARTY_TOKEN_ISSUER: options.issuer.issuer,
      PARTY_TOKEN_JWKS_URL: options.issuer.jwksUrl,
      EVENT_KEYS_DIR: options.keysDir,
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      ...(fault ? { FAULT_INJECTION: fault } : {}),
      ...env,
    });
    running.add(started);
    void started.exited.then(() => running.delete(started));
    return started;
  }

  /** The number of tow jobs for `claimId`, as a decimal string (`'0'` when none). */
  const jobsFor = async (claimId: string): Promise<string | undefined> =>
    (
      await query<{ n: string }>(
        options.databases().towing,
        'SELECT count(*) AS n FROM tow_jobs WHERE claim_id = $1',
        [claimId],
      )
    )[0]?.n;

  /** Files a claim for alice (Texas, tow needed); answers the raw HTTP result. */
  async function postClaim(claims: RunningApp) {
    const token = await options.issuer.mint({
      aud: 'claims',
      party: ALICE,
      scope: 'claims:write',
      sub: 'sub-alice',
    });
    return httpCall(claims.url, 'POST', '/claims', {
      token,
      body: {
        // A car of its own per filing: claims refuses a second claim for one loss (business-flow).
        vehicle: { vin: randomVin(), make: 'Honda', model: 'Accord', year: 2021 },
        lossDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
        location: { city: 'Austin', state: 'TX', postalCode: '78701' },
        description: 'Rear-ended at a light.',
        needsTow: true,
        needsRental: false,
      },
    });
  }

  /** Files a claim for alice at a running claims app; returns its id. */
  async function fileClaim(claims: RunningApp): Promise<string> {
    const answer = await postClaim(claims);
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  }

  /** Stops every process this kit started that is still running. */
  async function stopAll(): Promise<void> {
    for (const app of [...running]) await app.stop();
  }

  return { start, jobsFor, postClaim, fileClaim, stopAll };
}
