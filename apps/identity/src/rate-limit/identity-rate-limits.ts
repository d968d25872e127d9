import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DefenseSwitches } from '@claimguard/config';
import { CORRELATION_HEADER, type ErrorCode } from '@claimguard/contracts';
import { audit, type Logger } from '@claimguard/observability';
import {
  addressBucket,
  RateLimitCounters,
  type CounterStore,
  type LimitRule,
} from '@claimguard/rate-limit';
import type { IdentityEnv } from '../config.js';
import { escapeHtml, htmlDocument, sendHtml } from '../http/html.js';
import { providerPath } from '../http/provider-path.js';
import { matchInteraction } from '../interactions/interaction.routes.js';
import { clientAddress } from '../lockout/client-address.js';

/** The endpoints identity limits itself: each has its own per-address budget. */
export type LimitedEndpoint = 'login' | 'token';

/** The stable code of a refusal (JSON body of `/token`, audit and tests). */
export const RATE_LIMITED: ErrorCode = 'IDENTITY.RATE_LIMITED';

/** Most (address, window) pairs remembered as audited; past it the memory starts afresh. */
const MAX_AUDITED = 10_000;

/**
 * Which budget a request spends, if any.
 *
 * Not limited here: `/token/introspection` and `/token/revocation`. Only confidential clients call
 * them, authenticated — the gateway introspects on every cache miss of the traffic it already
 * limits per IP and per person, from one address, so a per-address limit here would throttle the
 * whole platform's requests at once (an outage, not a defense) and adds nothing against guessing:
 * the client secrets are 32+ random bytes. Nor the GET pages and discovery, which cost no password
 * check. The sign-in forms and `/token` are what a guesser or a flood from one address aims at.
 * @example limitedEndpoint('POST', '/interaction/abc/login') // 'login'
 */
export function limitedEndpoint(
  method: string | undefined,
  pathname: string,
): LimitedEndpoint | undefined {
  if (method !== 'POST') return undefined;
  // Every spelling oidc-provider serves as its token endpoint (`/TOKEN`, `/token/`).
  if (providerPath(pathname) === '/token') return 'token';
  // The sign-in form posts (password, TOTP code, enrollment code), matched by the routes' own rule.
  const action = matchInteraction(pathname)?.action;
  return action === 'login' ||
    action === 'otp' ||
    action === 'enrolment-code' ||
    action === 'enroll'
    ? 'login'
    : undefined;
}

/** What identity's limits are built from (its validated config). */
export type RateLimitSettings = Pick<
  IdentityEnv,
  | 'RATE_LIMIT_WINDOW_SECONDS'
  | 'RATE_LIMIT_LOGIN_PER_IP'
  | 'RATE_LIMIT_TOKEN_PER_IP'
  | 'REDIS_URL'
  | 'RATE_LIMIT_REDIS_PREFIX'
  | 'TRUSTED_PROXIES'
>;

export interface IdentityRateLimitsOptions {
  /** Counters to use instead of Redis/memory (tests). */
  store?: CounterStore;
  now?: () => number;
}

/**
 * Identity's own rate limits (defense `rate-limit`), per client address — the lockout's source, so
 * `X-Forwarded-For` counts only from `TRUSTED_PROXIES`: the sign-in form posts and `POST /token`,
 * each with its own budget per window. Checked before the body is read, so a refused request costs
 * no password hash and its password or token is never seen. A refusal is 429 with `Retry-After`
 * (an HTML page for the form, `{ error: 'rate_limited', code: 'IDENTITY.RATE_LIMITED' }` for
 * `/token`); the first of each address and window is audited as `rate.limited`. The switch is read
 * on every request, so it can be flipped while identity runs; while it is off every hit is still
 * counted and the first that would have been refused is audited as `defense.off`.
 */
export class IdentityRateLimits {
  private readonly counters: RateLimitCounters;
  private readonly rules: Record<LimitedEndpoint, LimitRule>;
  private readonly now: () => number;
  /** Which address was audited in which window, refused or let through (`kind:rule:ip:window`). */
  private readonly audited = new Set<string>();

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly defenses: Pick<DefenseSwitches, 'isOn'>,
    private readonly log: Logger,
    options: IdentityRateLimitsOptions = {},
  ) {
    const windowMs = settings.RATE_LIMIT_WINDOW_SECONDS * 1000;
    this.rules = {
      login: { name: 'login', limit: settings.RATE_LIMIT_LOGIN_PER_IP, windowMs },
      token: { name: 'token', limit: settings.RATE_LIMIT_TOKEN_PER_IP, windowMs },
    };
    this.now = options.now ?? Date.now;
    this.counters = new RateLimitCounters({
      redisUrl: settings.REDIS_URL,
      redisPrefix: settings.RATE_LIMIT_REDIS_PREFIX,
      log,
      now: this.now,
      ...(options.store ? { store: options.store } : {}),
    });
  }

  /** Connects to Redis in the background; until it answers, hits are counted in memory. */
  start(): void {
    this.counters.start();
  }

  close(): Promise<void> {
    return this.counters.close();
  }

  /**
   * Counts a limited request against its address; past the budget (and with the defense on)
   * answers 429 itself and returns true: the request must go no further.
   */
  async refuse(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const endpoint = limitedEndpoint(req.method, pathname);
    if (!endpoint) return false;
    const source = clientAddress(
      req.socket.remoteAddress,
      req.headers['x-forwarded-for'],
      this.settings.TRUSTED_PROXIES,
    );
    const rule = this.rules[endpoint];
    // An IPv6 client is counted by its /64: hopping inside one's own network buys no budget.
    const bucket = addressBucket(source);
    const decision = await this.counters.limiter.hit(rule, bucket);
    if (decision.allowed) return false;
    const window = `${rule.name}:${bucket}:${Math.floor(this.now() / rule.windowMs)}`;

    const correlationId = randomUUID();
    // The interaction id stays out of the log: it names one person's sign-in.
    const resource = `POST ${pathname.replace(/^\/interaction\/[^/]+/, '/interaction/:uid')}`;
    const reason =
      `${decision.rule} limit of ${decision.limit} per ${this.settings.RATE_LIMIT_WINDOW_SECONDS} s ` +
      `exceeded by client ${source}`;
    // Read per request: the switch may be flipped while identity runs.
    if (!this.defenses.isOn('rate-limit')) {
      if (this.firstOf(`off:${window}`)) {
        audit(this.log, {
          action: 'defense.off',
          defense: 'rate-limit',
          correlationId,
          resource,
          actor: `client ${source}`,
          reason: `${reason}; let through (defense rate-limit is off)`,
        });
      }
      return false;
    }
    // One audit line per address and window (the first actually refused, also when the switch was
    // turned on mid-window): a flood must not flood the audit log too.
    if (this.firstOf(`refused:${window}`)) {
      audit(this.log, {
        action: 'rate.limited',
        defense: 'rate-limit',
        correlationId,
        resource,
        reason,
      });
    }
    const retryAfter = String(decision.retryAfterSeconds);
    res.setHeader('Retry-After', retryAfter);
    res.setHeader(CORRELATION_HEADER, correlationId);
    if (endpoint === 'token') {
      res.writeHead(429, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(
        JSON.stringify({
          error: 'rate_limited',
          error_description: `Too many requests; retry after ${retryAfter} s`,
          code: RATE_LIMITED,
          correlationId,
        }),
      );
    } else {
      sendHtml(res, 429, tooManyAttemptsPage(decision.retryAfterSeconds, correlationId));
    }
    return true;
  }

  /** True the first time `key` is seen (per process). */
  private firstOf(key: string): boolean {
    if (this.audited.has(key)) return false;
    if (this.audited.size >= MAX_AUDITED) this.audited.clear();
    this.audited.add(key);
    return true;
  }
}

/** The page of a refused sign-in post: when to try again, and a reference for the help desk. */
export function tooManyAttemptsPage(retryAfterSeconds: number, correlationId: string): string {
  return htmlDocument(
    'Too many attempts',
    `<h1>Too many attempts</h1>
<p>Too many sign-in attempts came from your network. Wait ${retryAfterSeconds} seconds, then return to the application and sign in again.</p>
<p class="client">Reference: ${escapeHtml(correlationId)}</p>`,
  );
}
