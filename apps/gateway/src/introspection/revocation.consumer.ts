import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DefenseSwitches } from '@claimguard/config';
import {
  GrantRevokedV1Schema,
  IDENTITY_EVENT_TYPES,
  TOPICS,
  UserDisabledV1Schema,
  type EventEnvelope,
} from '@claimguard/contracts';
import {
  createKafka,
  EventConsumer,
  FileEventKeyResolver,
  PoisonMessageError,
  WITHOUT_INBOX,
} from '@claimguard/messaging';
import { audit, type Logger } from '@claimguard/observability';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, type GatewayConfig } from '../config.js';
import { DEFENSE_SWITCHES } from '../meta/meta.tokens.js';
import { GATEWAY_METRICS, type GatewayMetrics } from '../metrics/gateway-metrics.js';
import { CachedIntrospection } from './cached-introspection.js';

/**
 * Events written this long before the gateway started cannot concern anything it cached (every
 * entry was introspected after the revocation); the margin covers clock skew and relay delay.
 */
const STALE_MARGIN_MS = 60_000;
const MAX_START_BACKOFF_MS = 10_000;

/**
 * Revocation at the edge (defense `revocation`): reads identity's `GrantRevoked` and
 * `UserDisabled` from `identity.events.v1` (envelope, emitter and signature checked by
 * {@link EventConsumer}) and drops every cached introspection of that `sub`, so the next request
 * with any of its tokens is introspected again and refused.
 *
 * Each replica reads every event (a consumer group of its own: its cache is its own), without an
 * inbox — dropping cache entries is idempotent by nature. With the defense off (training) events
 * are ignored and a cached token keeps working until its entry expires.
 */
@Injectable()
export class RevocationConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: EventConsumer<never> | undefined;
  private readonly startedAt = Date.now();
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  /** Resolves once the consumer has joined the broker (for tests and health). */
  readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_LOGGER) private readonly log: Logger,
    @Inject(DEFENSE_SWITCHES) private readonly switches: DefenseSwitches,
    @Inject(GATEWAY_METRICS) private readonly metrics: GatewayMetrics,
    private readonly introspection: CachedIntrospection,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  onApplicationBootstrap(): void {
    const { KAFKA_BROKERS: brokers, EVENT_KEYS_DIR: keysDir } = this.config;
    if (!brokers || !keysDir) {
      this.log.warn(
        { maxSeconds: this.config.INTROSPECTION_CACHE_MAX_SECONDS },
        'no KAFKA_BROKERS: revocation events are not read; a revoked token works until its cache entry expires',
      );
      return;
    }
    const logger = this.log;
    this.consumer = new EventConsumer<never>({
      kafka: createKafka({ clientId: 'gateway', brokers, logger }),
      consumer: `gateway-revocation-${randomUUID()}`,
      topics: [TOPICS.identity],
      transaction: WITHOUT_INBOX,
      handlers: {
        [IDENTITY_EVENT_TYPES.GrantRevoked]: (envelope) => this.handle(envelope),
        [IDENTITY_EVENT_TYPES.UserDisabled]: (envelope) => this.handle(envelope),
      },
      logger,
      signatures: {
        keys: new FileEventKeyResolver(keysDir),
        enforced: () => this.switches.isOn('event-signing'),
      },
      onRejected: ({ topic, eventId, type, correlationId, reason }) =>
        audit(logger, {
          action: 'event.rejected',
          correlationId,
          defense: reason.includes('sign') ? 'event-signing' : undefined,
          resource: `${topic}${eventId ? `/${eventId}` : ''}${type ? ` (${type})` : ''}`,
          reason,
        }),
    });
    this.start(1);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.consumer?.stop();
  }

  /** Applies one revocation event; exposed for unit tests. */
  handle(envelope: EventEnvelope): Promise<void> {
    // A throw in the executor (poison data) becomes the rejection the consumer dead-letters.
    return new Promise((resolve) => {
      this.apply(envelope);
      resolve();
    });
  }

  private apply(envelope: EventEnvelope): void {
    const type = envelope.type;
    const sub = subjectOf(envelope);
    if (Date.parse(envelope.time) < this.startedAt - STALE_MARGIN_MS) {
      this.metrics.revocations.inc({ type, outcome: 'stale' });
      return;
    }
    const where = {
      correlationId: envelope.correlationId ?? envelope.traceId,
      sub,
      resource: `${TOPICS.identity}/${envelope.id} (${type})`,
    };
    if (!this.switches.isOn('revocation')) {
      this.metrics.revocations.inc({ type, outcome: 'ignored' });
      audit(this.log, {
        action: 'defense.off',
        defense: 'revocation',
        ...where,
        reason: `${type} ignored: cached tokens of this person keep working until they expire (defense revocation is off)`,
      });
      return;
    }
    const dropped = this.introspection.cache.dropSubject(sub);
    this.metrics.revocations.inc({ type, outcome: 'applied' });
    this.metrics.revokedCacheEntries.inc(dropped);
    audit(this.log, {
      action: 'token.revoked',
      defense: 'revocation',
      ...where,
      reason: `${type}${reasonOf(envelope)}: dropped ${dropped} cached introspection(s)`,
    });
  }

  private start(attempt: number): void {
    if (this.stopped || !this.consumer) return;
    this.consumer.start().then(
      () => {
        this.log.info({ topic: TOPICS.identity }, 'revocation consumer started');
        this.markReady();
      },
      (error: unknown) => {
        if (this.stopped) return;
        const delay = Math.min(250 * 2 ** attempt, MAX_START_BACKOFF_MS);
        this.log[attempt === 1 ? 'warn' : 'debug'](
          { err: error, attempt },
          'revocation consumer could not start; retrying',
        );
        this.retry = setTimeout(() => this.start(attempt + 1), delay);
        this.retry.unref();
      },
    );
  }
}

/** The `sub` of a revocation event whose data the consumer has already checked. */
function subjectOf(envelope: EventEnvelope): string {
  const schema =
    envelope.type === IDENTITY_EVENT_TYPES.GrantRevoked
      ? GrantRevokedV1Schema
      : UserDisabledV1Schema;
  const parsed = schema.safeParse(envelope.data);
  if (!parsed.success) throw new PoisonMessageError(`${envelope.type} data has no sub`);
  return parsed.data.sub;
}

function reasonOf(envelope: EventEnvelope): string {
  const parsed = GrantRevokedV1Schema.safeParse(envelope.data);
  return parsed.success ? ` (${parsed.data.reason})` : '';
}
