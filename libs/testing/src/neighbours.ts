import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from './apps.js';
import { migrateDatabase, resetDatabase } from './database.js';
import { appDir } from './paths.js';
import { ensureDevPki, type DevPki, type WorkloadTlsFiles } from './pki.js';
import { freePort } from './ports.js';
import type { TokenIssuer } from './token-issuer.js';

/** What {@link startCoverageNeighbours} needs; see there. */
export interface CoverageNeighboursOptions {
  /** Prefix of the neighbours' databases (`<prefix>_identity`, `<prefix>_claims`): this file's own. */
  databasePrefix: string;
  /** The test token issuer standing in for the gateway: identity exchanges, claims accepts its tokens. */
  issuer: Pick<TokenIssuer, 'issuer' | 'jwksUrl'>;
  /** The event-signing trust store claims signs into and reads from (`EVENT_KEYS_DIR`). */
  eventKeysDir: string;
  /** Defaults to `process.env.KAFKA_BROKERS`, the run's broker. */
  kafkaBrokers?: string;
}

export type NeighbourName = 'identity' | 'claims';

/** The real identity and claims apps of {@link startCoverageNeighbours}. */
export interface CoverageNeighbours {
  /** The running identity process (a new one after a restart). */
  identity(): RunningApp;
  /** The running claims process (a new one after a restart). */
  claims(): RunningApp;
  /** The dev PKI: every workload's certificate, as the stack hands them out. */
  pki: DevPki;
  /** What rental reads to reach them: `CLAIMS_URL`, `IDENTITY_TOKEN_URL`, its secret and mTLS files. */
  rentalEnv: Record<string, string>;
  /** Calls a service the way the gateway does (its certificate): for `httpCall`'s `tls`. */
  asGateway: WorkloadTlsFiles;
  /** Stops `app` (a neighbour that is down); nothing else takes its port until the restart. */
  down(app: NeighbourName): Promise<void>;
  /** Starts `app` again on the same port, database and keys. */
  up(app: NeighbourName): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts REAL identity and claims for a domain service's integration test, wired the way
 * `startStack` wires them: identity exchanges party tokens of `issuer` for client
 * `claimguard-rental` (RFC 8693); claims listens on mTLS, accepts `issuer`'s party tokens and
 * identity's exchanged tokens, and publishes its signed events to the run's broker. Each gets a
 * database of its own, named from `databasePrefix` (never another file's).
 * @example
 * const n = await startCoverageNeighbours({ databasePrefix: 'claimguard_it_rental', issuer, eventKeysDir: bus.keysDir });
 * const env = { ...n.rentalEnv }; // CLAIMS_URL, IDENTITY_TOKEN_URL, RENTAL_CLIENT_SECRET, TLS_*
 * await n.stop();
 */
export async function startCoverageNeighbours(
  options: CoverageNeighboursOptions,
): Promise<CoverageNeighbours> {
  const kafkaBrokers = options.kafkaBrokers ?? process.env.KAFKA_BROKERS ?? '';
  const keysDir = await mkdtemp(join(tmpdir(), 'coverage-neighbours-'));
  const pki = await ensureDevPki(join(keysDir, 'pki'));
  const tls = (workload: string): WorkloadTlsFiles => {
    const files = pki.workloads[workload];
    if (!files) throw new Error(`no certificate for ${workload}`);
    return files;
  };
  const tlsEnv = (workload: string) => ({
    TLS_CERT_FILE: tls(workload).certFile,
    TLS_KEY_FILE: tls(workload).keyFile,
    TLS_CA_FILE: tls(workload).caFile,
  });
  const [identityDb, claimsDb] = await Promise.all(
    (['identity', 'claims'] as const).map(async (app) => {
      const url = await resetDatabase(`${options.databasePrefix}_${app}`);
      await migrateDatabase(appDir(app), url);
      return url;
    }),
  );
  const rentalClientSecret = randomBytes(32).toString('base64url');
  const [identityPort, claimsPort] = [await freePort(), await freePort()];
  const identityUrl = `http://127.0.0.1:${identityPort}`;
  const common = { NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1' };

  const identityEnv = {
    ...common,
    PORT: String(identityPort),
    ISSUER: identityUrl,
    DATABASE_URL: identityDb ?? '',
    KEYS_DIR: keysDir,
    API_AUDIENCE: 'https://api.claimguard.local',
    WEB_CLIENT_SECRET: randomBytes(32).toString('base64url'),
    GATEWAY_CLIENT_SECRET: randomBytes(32).toString('base64url'),
    WEB_REDIRECT_URIS: 'http://localhost:3000/auth/callback',
    CLI_REDIRECT_URIS: 'http://127.0.0.1:8765/callback',
    RENTAL_CLIENT_SECRET: rentalClientSecret,
    PARTY_TOKEN_ISSUER: options.issuer.issuer,
    PARTY_TOKEN_JWKS_URL: options.issuer.jwksUrl,
  };
  const claimsEnv = {
    ...common,
    ...tlsEnv('claims'),
    PORT: String(claimsPort),
    DATABASE_URL: claimsDb ?? '',
    KAFKA_BROKERS: kafkaBrokers,
    // Groups of their own: the run's broker serves every integration file.
    KAFKA_CONSUMER_GROUP: `${options.databasePrefix}-claims-${randomBytes(4).toString('hex')}`,
    TIMELINE_CONSUMER_GROUP: `${options.databasePrefix}-timeline-${randomBytes(4).toString('hex')}`,
    PARTY_TOKEN_ISSUER: options.issuer.issuer,
    PARTY_TOKEN_JWKS_URL: options.issuer.jwksUrl,
    EXCHANGED_TOKEN_ISSUER: identityUrl,
    EXCHANGED_TOKEN_JWKS_URL: `${identityUrl}/jwks`,
    EVENT_KEYS_DIR: options.eventKeysDir,
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
  const start: Record<NeighbourName, () => Promise<RunningApp>> = {
    identity: () => startApp('identity', identityEnv),
    claims: () => startApp('claims', claimsEnv, { healthTls: tls('ops') }),
  };
  const running: Partial<Record<NeighbourName, RunningApp>> = {};
  const current = (app: NeighbourName): RunningApp => {
    const found = running[app];
    if (!found) throw new Error(`${app} is down`);
    return found;
  };
  const down = async (app: NeighbourName): Promise<void> => {
    await running[app]?.stop();
    delete running[app];
  };
  const up = async (app: NeighbourName): Promise<void> => {
    running[app] ??= await start[app]();
  };
  const stop = async (): Promise<void> => {
    await down('claims');
    await down('identity');
    await rm(keysDir, { recursive: true, force: true });
  };
  try {
    await up('identity');
    await up('claims');
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    identity: () => current('identity'),
    claims: () => current('claims'),
    pki,
    rentalEnv: {
      ...tlsEnv('rental'),
      CLAIMS_URL: `https://127.0.0.1:${claimsPort}`,
      IDENTITY_TOKEN_URL: `${identityUrl}/token`,
      RENTAL_CLIENT_SECRET: rentalClientSecret,
    },
    asGateway: tls('gateway'),
    down,
    up,
    stop,
  };
}
