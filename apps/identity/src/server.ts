import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CORRELATION_HEADER, HEALTH_PATH } from '@claimguard/contracts';
import {
  audit,
  AuditMetrics,
  createLogger,
  serveMetrics,
  type Logger,
  type MetricsEndpoint,
} from '@claimguard/observability';
import type Provider from 'oidc-provider';
import type { IdentityConfig } from './config.js';
import { createDb } from './database.js';
import { requestContext } from './events/identity-events.js';
import { startIdentityRelay, type IdentityRelay } from './events/identity-relay.js';
import { STYLESHEET, STYLESHEET_PATH } from './http/html.js';
import { createInteractionRoutes } from './interactions/interaction.routes.js';
import { loadOrCreateKeys } from './keys.js';
import { lockoutPolicyFrom } from './lockout/lockout-policy.js';
import { LoginThrottle } from './lockout/login-throttle.js';
import { SecretBox } from './mfa/secret-box.js';
import { TotpAuthenticator } from './mfa/totp-authenticator.js';
import { purgeExpiredOidcPayloads } from './oidc/prisma-adapter.js';
import { createProvider } from './oidc/provider.js';
import { IdentityRateLimits } from './rate-limit/identity-rate-limits.js';
import { seedDemoUsers } from './seed.js';
import { startIdentityTraining } from './training.js';
import { PasswordHasher } from './users/password-hasher.js';
import { UserRepository } from './users/user.repository.js';

/** A running (or ready to run) identity service. */
export interface IdentityServer {
  readonly provider: Provider;
  /** Starts listening on HOST:PORT; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops accepting requests, ends open connections and the database pool. */
  close(): Promise<void>;
}

const PURGE_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Wires identity: keys, database, users (seeded when asked), the OpenID Provider and the HTTP
 * routes. Used by `main.ts` and booted in-process by the integration tests.
 * @example const server = await createIdentityServer(loadIdentityConfig()); await server.listen();
 */
export async function createIdentityServer(
  config: IdentityConfig,
  options: { log?: Logger } = {},
): Promise<IdentityServer> {
  const log = options.log ?? createLogger('identity', config.LOG_LEVEL);
  // Counting starts before the first audit line (the defenses turned off at start).
  const metrics =
    config.METRICS_PORT === undefined
      ? undefined
      : new AuditMetrics((log.bindings() as { service?: string }).service ?? 'identity');
  const keys = await loadOrCreateKeys(config.KEYS_DIR);
  const db = createDb(config.DATABASE_URL);
  const users = new UserRepository(db);
  const hasher = new PasswordHasher();
  await hasher.warmUp();
  const totp = new TotpAuthenticator(users, new SecretBox(keys.totpKey));
  const throttle = new LoginThrottle(db, lockoutPolicyFrom(config));

  if (config.SEED_DEMO_USERS) {
    const count = await seedDemoUsers(users, hasher, config.NODE_ENV, { totp, throttle });
    log.info({ count }, 'demo users seeded');
  }
  for (const defense of config.defenses.offIds()) {
    audit(log, { action: 'defense.off', defense, reason: 'turned off by CLAIMGUARD_DEFENSES_OFF' });
  }

  const limits = new IdentityRateLimits(config, config.defenses, log);
  const provider = createProvider({ config, keys, db, users, log });
  const oidc = provider.callback();
  const interactions = createInteractionRoutes({
    provider,
    users,
    hasher,
    log,
    issuer: config.ISSUER,
    apiAudience: config.API_AUDIENCE,
    totp,
    throttle,
    defenses: config.defenses,
    trustedProxies: config.TRUSTED_PROXIES,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const pathname = new URL(req.url ?? '/', 'http://identity.invalid').pathname;
    if (pathname === HEALTH_PATH && req.method === 'GET') return health(db, log, res);
    if (pathname === STYLESHEET_PATH && req.method === 'GET') return stylesheet(res);
    // Before the body is read: a refused request costs no password hash and reveals nothing.
    if (await limits.refuse(req, res, pathname)) return;
    if (await interactions(req, res, pathname)) return;
    // Storage learns which endpoint revokes a grant (the GrantRevoked reason) from this context, and
    // audit lines the correlation id the response names.
    const correlationId = randomUUID();
    res.setHeader(CORRELATION_HEADER, correlationId);
    await requestContext.run({ path: pathname, correlationId }, () => oidc(req, res));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'request failed');
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'server_error' }));
      } else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  let purge: NodeJS.Timeout | undefined;
  let relay: IdentityRelay | undefined;
  let metricsEndpoint: MetricsEndpoint | undefined;
  // Workshop reset: the demo users back to their documented state, every lockout counter cleared.
  const resetWorkshop = async (): Promise<void> => {
    if (config.SEED_DEMO_USERS)
      await seedDemoUsers(users, hasher, config.NODE_ENV, { totp, throttle });
    else await throttle.clearAll();
  };
  const training = startIdentityTraining(config, log, resetWorkshop).catch((error: unknown) => {
    log.error({ err: error }, 'training switchboard link failed to start');
    return undefined;
  });
  return {
    provider,
    listen: async () => {
      if (metrics && config.METRICS_PORT !== undefined) {
        metricsEndpoint = await serveMetrics({
          registry: metrics.registry,
          port: config.METRICS_PORT,
          host: config.METRICS_HOST,
          log,
        });
      }
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, config.HOST, () => {
          const { port } = server.address() as AddressInfo;
          relay = startIdentityRelay(config, db, log);
          limits.start();
          purge = setInterval(() => {
            purgeExpiredOidcPayloads(db).catch((err: unknown) => log.warn({ err }, 'purge failed'));
          }, PURGE_INTERVAL_MS).unref();
          const url = `http://${config.HOST}:${port}`;
          log.info(
            { url, issuer: config.ISSUER, defensesOff: config.defenses.offIds() },
            'identity listening',
          );
          resolve(url);
        });
      });
    },
    close: async () => {
      clearInterval(purge);
      await (await training)?.stop();
      await relay?.stop();
      await limits.close();
      metrics?.stop();
      await metricsEndpoint?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.$disconnect();
    },
  };
}

async function health(
  db: ReturnType<typeof createDb>,
  log: Logger,
  res: ServerResponse,
): Promise<void> {
  try {
    await db.$queryRaw`SELECT 1`;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ status: 'ok' }));
  } catch (err) {
    log.warn({ err }, 'health check: database unavailable');
    res.writeHead(503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ status: 'unavailable' }));
  }
}

function stylesheet(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/css; charset=utf-8',
    'Cache-Control': 'public, max-age=3600',
  });
  res.end(STYLESHEET);
}
