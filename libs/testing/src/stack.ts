import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAIN_SERVICES, startApp, type AppName, type RunningApp } from './apps.js';
import { startMockBroker, type RunningBroker } from './broker.js';
import { migratedDatabase } from './database.js';
import { REPO_ROOT } from './paths.js';
import { ensureDevPki, type DevPki } from './pki.js';

/** Port layout per profile: dev uses the design card's ports, test adds 10000 so both can run. */
const BASE_PORTS: Record<AppName, number> = {
  identity: 4000,
  gateway: 8080,
  web: 3000,
  claims: 7001,
  towing: 7002,
  repair: 7003,
  rental: 7004,
};

/** The gateway's Prometheus endpoint in the dev profile (internal, loopback); +offset per profile. */
export const DEV_METRICS_PORT = 9464;

/**
 * Every app's Prometheus endpoint in the dev profile (internal, loopback): the gateway's, then one
 * port up per service; +offset per profile. The web app has none.
 */
export const DEV_METRICS_PORTS: Record<Exclude<AppName, 'web'>, number> = {
  gateway: DEV_METRICS_PORT,
  claims: 9465,
  towing: 9466,
  repair: 9467,
  rental: 9468,
  identity: 9469,
};

/**
 * Lockout thresholds of test stacks: low enough that the e2e attacks trip each lock in a few
 * requests, with short delays. Every attack uses its own loopback source address, so a locked
 * source or account+source pair never blocks the rest of the suite (which logs in from 127.0.0.1).
 */
const E2E_LOCKOUT = {
  LOCKOUT_ACCOUNT_SOURCE_LOCK_AFTER: '5',
  LOCKOUT_SOURCE_LOCK_AFTER: '30',
  LOCKOUT_DELAY_AFTER: '3',
  LOCKOUT_DELAY_BASE_MS: '50',
  LOCKOUT_DELAY_MAX_MS: '200',
  // Parallel workers sign carol in at once; a replayed step is refused and counted.
  LOCKOUT_MFA_LOCK_AFTER: '20',
};

/**
 * Identity's per-address limits in test stacks. The suite never relies on staying under them by
 * luck of timing: every e2e worker signs in from loopback addresses of its own and moves to the next
 * address after {@link E2E_SIGN_IN_BUDGET} (e2e/support/personas.ts), so no address ever sends more
 * than that budget in the whole run — however fast the machine, no window can fill. Only the
 * attacks on these limits (API4-RATE-LIMIT-002, the lockout scenarios) exceed them, each from its
 * own address.
 */
export const E2E_IDENTITY_RATE_LIMITS = {
  RATE_LIMIT_LOGIN_PER_IP: '100',
  RATE_LIMIT_TOKEN_PER_IP: '300',
} as const;

/**
 * What one e2e source address may spend over a whole run, well under
 * {@link E2E_IDENTITY_RATE_LIMITS}: sign-in form posts (password, TOTP, enrollment) and `/token`
 * requests. A login spends at most 4 posts (password + up to 3 TOTP codes) and 1 token request.
 */
export const E2E_SIGN_IN_BUDGET = { loginPosts: 40, tokenRequests: 120 } as const;

/**
 * The gateway's limits in test stacks, set so that the suite's own traffic cannot reach them on
 * any machine, fast or slow — each bound holds over a whole run, not per minute:
 * - expensive route per person: the suite files about 80 claims as alice in a whole run (fewer
 *   as anyone else), well under 150; only API4-RATE-LIMIT-001 exceeds it, as ivan, whom no other
 *   test lets write;
 * - per person and per IP: beyond a bounded number of plain requests, the suite's waits poll at
 *   most every 50 ms (20 a second per loop), and the services' switchboard agents sync twice a
 *   second each; a few loops at once stay far below these per minute. The gateway's integration
 *   tests prove these limits themselves with small values.
 */
export const E2E_GATEWAY_RATE_LIMITS = {
  RATE_LIMIT_EXPENSIVE_PER_USER: '150',
  RATE_LIMIT_PER_USER: '20000',
  RATE_LIMIT_PER_IP: '60000',
} as const;

/**
 * The photo fetch's host names in test stacks (defense `ssrf`, e2e/attacks/api7-ssrf-photo-url):
 * both on claims' `PHOTO_URL_ALLOWED_HOSTS`. `internal` resolves through the system resolver
 * (/etc/hosts) to loopback, so the guarded fetch's address check refuses it; `publicStandIn`
 * resolves through claims' test hosts file to a loopback address claims treats as public
 * (`PHOTO_TEST_PUBLIC_ADDRESSES`): a stack may contact no public address, yet the checks after the
 * address check (no redirects) must be reachable. Never set in the dev profile or production.
 */
export const E2E_PHOTO_HOSTS = {
  internal: 'localhost',
  publicStandIn: { name: 'photos.claimguard.test', address: '127.0.0.2' },
} as const;

export interface StackOptions {
  /**
   * `dev` (ports 4000/8080/7001…, databases `claimguard_*`) or `test` (+10000,
   * `claimguard_test_*`); any other lower-case name runs a separate stack beside them (databases
   * `claimguard_<name>_*`, keys `.keys/<name>`) and needs a `portOffset`.
   */
  profile: string;
  /** Added to every dev port; defaults to 0 for `dev` and 10000 for `test`. */
  portOffset?: number;
  /** Defense ids to turn off for a training run. */
  defensesOff?: string[];
  /** Print every app's log lines with a prefix. */
  inheritOutput?: boolean;
  /** Kafka bootstrap list of an external broker; when absent the mock broker is started. */
  kafkaBrokers?: string;
  /**
   * Redis for the gateway's and identity's rate-limit counters (default `REDIS_URL` or
   * `redis://127.0.0.1:6379`; `''` keeps them in memory). Each start counts under a fresh key
   * prefix, so runs never share counters. Unreachable Redis: both count in memory.
   */
  redisUrl?: string;
  /** Extra gateway environment, e.g. `{ RATE_LIMIT_EXPENSIVE_PER_USER: '10' }`. */
  gatewayEnv?: Record<string, string>;
  /**
   * mTLS between the gateway and the services (defense `mtls`): the dev PKI is generated into
   * `<keysDir>/pki` on first start, the services listen on https and require a client
   * certificate, the gateway presents its own, health checks present `ops`'. Default true;
   * `false` runs everything on plain http (no caller identity, nothing checks `callers`).
   */
  mtls?: boolean;
}

export interface RunningStack {
  /** Each app's output is appended to `<logDir>/<app>.log`. */
  logDir: string;
  urls: Record<AppName, string>;
  /** Public URLs (localhost) for people and browsers. */
  publicUrls: { identity: string; gateway: string; web: string };
  broker: RunningBroker | undefined;
  apps: RunningApp[];
  keysDir: string;
  /** The dev PKI (`<keysDir>/pki`) when the stack runs on mTLS. */
  pki: DevPki | undefined;
  /** Event-signing keys: each service's private key and the `public/` trust store. */
  eventKeysDir: string;
  /** The gateway's Prometheus endpoint (internal, loopback). */
  metricsUrl: string;
  /** Every app's Prometheus endpoint but the web app's (internal, loopback). */
  metricsUrls: Record<keyof typeof DEV_METRICS_PORTS, string>;
  secrets: StackSecrets;
  stop(): Promise<void>;
}

export interface StackSecrets {
  webClientSecret: string;
  gatewayClientSecret: string;
  /** `claimguard-rental`'s secret: rental exchanges party tokens at identity (RFC 8693). */
  rentalClientSecret: string;
}

/**
 * Client secrets for one profile, generated on first start into the git-ignored key folder, so
 * nothing secret is committed and restarts keep working sessions.
 */
export function loadOrCreateSecrets(keysDir: string): StackSecrets {
  const file = join(keysDir, 'stack-secrets.json');
  const known = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<StackSecrets>)
    : undefined;
  // A profile created before a secret existed gets the missing one, and keeps the others.
  if (known?.webClientSecret && known.gatewayClientSecret && known.rentalClientSecret) {
    return known as StackSecrets;
  }
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const secrets: StackSecrets = {
    webClientSecret: known?.webClientSecret ?? randomBytes(32).toString('base64url'),
    gatewayClientSecret: known?.gatewayClientSecret ?? randomBytes(32).toString('base64url'),
    rentalClientSecret: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/**
 * Starts the whole platform the way the README's `./dev up` does: broker, databases (created,
 * migrated), then identity, the services and the gateway, each waited for until healthy.
 * @example const stack = await startStack({ profile: 'test' }); ... await stack.stop();
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  if (!/^[a-z][a-z0-9]{0,15}$/.test(options.profile)) {
    throw new Error(`not a profile name: ${options.profile}`);
  }
  const offset =
    options.portOffset ??
    (options.profile === 'dev' ? 0 : options.profile === 'test' ? 10_000 : undefined);
  if (offset === undefined) throw new Error(`profile ${options.profile} needs a portOffset`);
  const port = (app: AppName): number => BASE_PORTS[app] + offset;
  const mtls = options.mtls ?? true;
  const scheme = (app: AppName): string =>
    mtls && (DOMAIN_SERVICES as readonly string[]).includes(app) ? 'https' : 'http';
  const urls = Object.fromEntries(
    (Object.keys(BASE_PORTS) as AppName[]).map((a) => [a, `${scheme(a)}://127.0.0.1:${port(a)}`]),
  ) as Record<AppName, string>;
  const publicUrls = {
    identity: `http://localhost:${port('identity')}`,
    gateway: `http://localhost:${port('gateway')}`,
    web: `http://localhost:${port('web')}`,
  };
  const keysDir = join(REPO_ROOT, '.keys', options.profile);
  const runDir = join(REPO_ROOT, '.run', options.profile);
  const logDir = join(runDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const secrets = loadOrCreateSecrets(keysDir);
  const pki = mtls ? await ensureDevPki(join(keysDir, 'pki')) : undefined;
  const tlsEnv = (workload: string): Record<string, string> => {
    const files = pki?.workloads[workload];
    return files
      ? { TLS_CERT_FILE: files.certFile, TLS_KEY_FILE: files.keyFile, TLS_CA_FILE: files.caFile }
      : {};
  };

  const started: RunningApp[] = [];
  let broker: RunningBroker | undefined;
  const stop = async (): Promise<void> => {
    for (const app of [...started].reverse()) await app.stop();
    await broker?.stop();
  };

  try {
    let kafkaBrokers = options.kafkaBrokers;
    if (!kafkaBrokers) {
      broker = await startMockBroker({ bootstrapFile: join(runDir, 'kafka-bootstrap') });
      kafkaBrokers = broker.brokers.join(',');
    }
    const [identityDb, ...serviceDbs] = await Promise.all([
      migratedDatabase('identity', options.profile),
      ...DOMAIN_SERVICES.map((service) => migratedDatabase(service, options.profile)),
    ]);
    const eventKeysDir = join(keysDir, 'events');
    const common = {
      NODE_ENV: options.profile === 'dev' ? 'development' : 'test',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      HOST: '127.0.0.1',
      CLAIMGUARD_DEFENSES_OFF: (options.defensesOff ?? []).join(','),
      KEYS_DIR: keysDir,
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    };
    const metricsPort = (app: keyof typeof DEV_METRICS_PORTS) =>
      String(DEV_METRICS_PORTS[app] + offset);
    const appOptions = (app: AppName) => ({
      inheritOutput: options.inheritOutput ?? false,
      logFile: join(logDir, `${app}.log`),
    });
    const gatewayIssuer = publicUrls.gateway;
    const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const apiAudience = 'https://api.claimguard.local';

    started.push(
      await startApp(
        'identity',
        {
          ...common,
          PORT: String(port('identity')),
          METRICS_PORT: metricsPort('identity'),
          ISSUER: publicUrls.identity,
          DATABASE_URL: identityDb,
          API_AUDIENCE: apiAudience,
          WEB_CLIENT_SECRET: secrets.webClientSecret,
          GATEWAY_CLIENT_SECRET: secrets.gatewayClientSecret,
          // Token exchange: rental's client, and the party tokens it may exchange.
          RENTAL_CLIENT_SECRET: secrets.rentalClientSecret,
          PARTY_TOKEN_ISSUER: gatewayIssuer,
          PARTY_TOKEN_JWKS_URL: `${urls.gateway}/.well-known/jwks.json`,
          WEB_REDIRECT_URIS: `${publicUrls.web}/auth/callback`,
          CLI_REDIRECT_URIS: 'http://127.0.0.1:8765/callback',
          SEED_DEMO_USERS: 'true',
          // Revocation at the edge: identity publishes GrantRevoked/UserDisabled, signed.
          KAFKA_BROKERS: kafkaBrokers,
          EVENT_KEYS_DIR: eventKeysDir,
          // The training switches follow the instructor's console at runtime (the gateway).
          TRAINING_SWITCHBOARD_URL: urls.gateway,
          ...(options.profile === 'dev' ? {} : E2E_LOCKOUT),
          ...(options.profile === 'dev' ? {} : E2E_IDENTITY_RATE_LIMITS),
          // Identity's own rate-limit counters, shared like the gateway's, never across runs.
          ...(redisUrl
            ? {
                REDIS_URL: redisUrl,
                RATE_LIMIT_REDIS_PREFIX: `claimguard:${options.profile}:${randomBytes(4).toString('hex')}:identity-rl:`,
              }
            : {}),
        },
        appOptions('identity'),
      ),
    );
    const serviceEnv = {
      ...common,
      KAFKA_BROKERS: kafkaBrokers,
      PARTY_TOKEN_ISSUER: gatewayIssuer,
      PARTY_TOKEN_JWKS_URL: `${urls.gateway}/.well-known/jwks.json`,
      // East-west routes accept tokens identity exchanged for the service (RFC 8693).
      EXCHANGED_TOKEN_ISSUER: publicUrls.identity,
      EXCHANGED_TOKEN_JWKS_URL: `${publicUrls.identity}/jwks`,
      EVENT_KEYS_DIR: eventKeysDir,
      TRAINING_SWITCHBOARD_URL: urls.gateway,
    };
    const services = await Promise.allSettled(
      DOMAIN_SERVICES.map((service, i) =>
        startApp(
          service,
          {
            ...serviceEnv,
            ...tlsEnv(service),
            PORT: String(port(service)),
            METRICS_PORT: metricsPort(service),
            DATABASE_URL: serviceDbs[i] ?? '',
            // The $5,000 rule's max_age, short outside dev so the step-up attack need not wait 300 s.
            ...(service === 'claims' && options.profile !== 'dev'
              ? { STEP_UP_MAX_AGE_SECONDS: '8' }
              : {}),
            // Photo fetches trust the dev CA besides the system store, so https stand-ins from it
            // can be fetched (production takes the system store only: PHOTO_CA_FILE is refused).
            ...(service === 'claims' && pki ? { PHOTO_CA_FILE: pki.caFile } : {}),
            ...(service === 'claims' && options.profile !== 'dev'
              ? {
                  PHOTO_URL_ALLOWED_HOSTS: [
                    E2E_PHOTO_HOSTS.internal,
                    E2E_PHOTO_HOSTS.publicStandIn.name,
                  ].join(','),
                  PHOTO_TEST_HOSTS: `${E2E_PHOTO_HOSTS.publicStandIn.name}=${E2E_PHOTO_HOSTS.publicStandIn.address}`,
                  PHOTO_TEST_PUBLIC_ADDRESSES: E2E_PHOTO_HOSTS.publicStandIn.address,
                }
              : {}),
            // Rental asks claims for a claim's rental coverage with an exchanged token.
            ...(service === 'rental'
              ? {
                  CLAIMS_URL: urls.claims,
                  IDENTITY_TOKEN_URL: `${publicUrls.identity}/token`,
                  RENTAL_CLIENT_SECRET: secrets.rentalClientSecret,
                }
              : {}),
          },
          { ...appOptions(service), healthTls: pki?.workloads.ops },
        ),
      ),
    );
    for (const result of services) if (result.status === 'fulfilled') started.push(result.value);
    const failed = services.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    started.push(
      await startApp(
        'gateway',
        {
          ...common,
          PORT: String(port('gateway')),
          GATEWAY_ISSUER: gatewayIssuer,
          IDENTITY_ISSUER: publicUrls.identity,
          API_AUDIENCE: apiAudience,
          INTROSPECTION_CLIENT_ID: 'claimguard-gateway',
          INTROSPECTION_CLIENT_SECRET: secrets.gatewayClientSecret,
          ...tlsEnv('gateway'),
          SERVICE_URLS: DOMAIN_SERVICES.map((service) => `${service}=${urls[service]}`).join(','),
          // Revocation at the edge: identity's events, verified with the shared trust store.
          KAFKA_BROKERS: kafkaBrokers,
          EVENT_KEYS_DIR: eventKeysDir,
          METRICS_PORT: metricsPort('gateway'),
          ...(options.profile === 'dev' ? {} : E2E_GATEWAY_RATE_LIMITS),
          ...(redisUrl
            ? {
                REDIS_URL: redisUrl,
                RATE_LIMIT_REDIS_PREFIX: `claimguard:${options.profile}:${randomBytes(4).toString('hex')}:rl:`,
              }
            : {}),
          ...options.gatewayEnv,
        },
        appOptions('gateway'),
      ),
    );
    // The web app (BFF) last: it reads identity's discovery and calls only the gateway.
    started.push(
      await startApp(
        'web',
        {
          // `next start` serves a production build (another NODE_ENV only earns a warning); the
          // web app has no training switches of its own, and follows the gateway's report for
          // its one training path only because this is a workshop stack.
          NODE_ENV: 'production',
          TRAINING_MODE: 'true',
          LOG_LEVEL: common.LOG_LEVEL,
          HOST: common.HOST,
          PORT: String(port('web')),
          ISSUER: publicUrls.identity,
          WEB_CLIENT_ID: 'claimguard-web',
          WEB_CLIENT_SECRET: secrets.webClientSecret,
          WEB_BASE_URL: publicUrls.web,
          GATEWAY_URL: urls.gateway,
          KEYS_DIR: keysDir,
          API_AUDIENCE: apiAudience,
          NEXT_TELEMETRY_DISABLED: '1',
        },
        appOptions('web'),
      ),
    );
    const state = { profile: options.profile, urls, publicUrls, pids: started.map((a) => a.pid) };
    writeFileSync(join(runDir, 'stack.json'), JSON.stringify(state, null, 2));
    return {
      urls,
      publicUrls,
      broker,
      apps: started,
      keysDir,
      pki,
      eventKeysDir,
      metricsUrl: `http://127.0.0.1:${metricsPort('gateway')}/metrics`,
      metricsUrls: Object.fromEntries(
        (Object.keys(DEV_METRICS_PORTS) as (keyof typeof DEV_METRICS_PORTS)[]).map((app) => [
          app,
          `http://127.0.0.1:${metricsPort(app)}/metrics`,
        ]),
      ) as RunningStack['metricsUrls'],
      logDir,
      secrets,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
