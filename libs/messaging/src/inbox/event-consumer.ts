import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import {
  dlqTopic,
  eventDataProblem,
  EVENT_EMITTERS,
  EventEnvelopeSchema,
  mayEmit,
  type EventEnvelope,
  type Topic,
} from '@claimguard/contracts';
import { audit, type Logger } from '@claimguard/observability';
import { consumerTimings } from '../kafka.js';
import type { SqlExecutor, TransactionRunner } from '../sql.js';
import {
  EVENT_SIGNATURE_HEADER,
  eventSignatureProblem,
  eventSigner,
  type EventKeyResolver,
} from '../signing/event-signature.js';
import { claimInboxSlot } from './inbox.js';

/** The services that sign events: the registered emitters of the catalogue. */
const EVENT_SOURCES = [...new Set(Object.values(EVENT_EMITTERS))];

/**
 * Handles one event type inside the inbox transaction. Throw {@link PoisonMessageError} for data
 * that can never be processed (it goes to the DLQ at once); any other error is treated as
 * transient and retried.
 */
export type EventHandler<TTx extends SqlExecutor> = (
  envelope: EventEnvelope,
  tx: TTx,
  position: LogPosition,
) => Promise<void>;

/**
 * Where an event sits in the log. Within one topic partition the offset is the order its producer
 * wrote in; a read model that must come back identical when rebuilt from the topics orders ties by
 * it instead of by when it happened to consume the event.
 */
export interface LogPosition {
  topic: Topic;
  partition: number;
  /** kafkajs gives offsets as decimal strings (they are 64-bit). */
  offset: string;
}

/**
 * Thrown by a handler for an event that no retry can fix (unsupported version, invalid data).
 * The message goes to the DLQ with `reason`, which must name fields, never their values.
 * @example throw new PoisonMessageError('ClaimFiled v1 data is invalid at vehicle.vin');
 */
export class PoisonMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PoisonMessageError';
  }
}

/**
 * Pass as {@link EventConsumerOptions.transaction} for a consumer that owns no database and whose
 * every handler is idempotent by nature (the gateway dropping cached introspections): handlers run
 * on their own, without a transaction or an inbox row, and a redelivered event repeats its
 * harmless effect. Every other check (envelope, emitter, signature, data, DLQ) is the same.
 * @example new EventConsumer<never>({ ..., transaction: WITHOUT_INBOX, handlers: { GrantRevoked: drop } })
 */
export const WITHOUT_INBOX: unique symbol = Symbol('WITHOUT_INBOX');

export interface EventConsumerOptions<TTx extends SqlExecutor> {
  kafka: Kafka;
  /** Names the consumer group and the inbox rows: one per service and purpose, e.g. `towing`. */
  consumer: string;
  topics: Topic[];
  /** Handlers by event type. Types without a handler are acknowledged and skipped. */
  handlers: Record<string, EventHandler<TTx>>;
  /**
   * Runs each handler together with its inbox row (one effect per event id), or
   * {@link WITHOUT_INBOX} for handlers that are idempotent by nature and need no database.
   */
  transaction: TransactionRunner<TTx> | typeof WITHOUT_INBOX;
  logger: Logger;
  /**
   * Where a group without committed offsets starts: the oldest retained event (default), or only
   * events published after it joined.
   */
  fromBeginning?: boolean;
  /**
   * Attempts of a handler failing with a transient error before the message goes to the DLQ.
   * Default: unlimited — the partition waits ("stop the line") so a database outage delays
   * events instead of dead-lettering good ones, and per-aggregate order is kept.
   */
  maxAttempts?: number;
  /** Longest pause between retries of a transient failure. */
  maxBackoffMs?: number;
  /** Called after a transaction that produced events commits (to nudge an outbox relay). */
  afterCommit?: () => void;
  /**
   * Signature checks (defense `event-signing`): the trust store of the producers' public keys, and
   * whether the defense is on. While it is on, an unsigned event or one not signed by its
   * `source`'s own key goes to the DLQ. Read per message, so a switch flipped at runtime applies
   * to the next event.
   */
  signatures: { keys: EventKeyResolver; enforced: () => boolean };
  /** Told about every refused message (for the audit log). */
  onRejected?: (rejection: {
    topic: string;
    eventId?: string;
    type?: string;
    correlationId?: string;
    reason: string;
  }) => void;
}

/** What a consumer did with each message; exposed for health and tests. */
export interface ConsumerStats {
  processed: number;
  duplicates: number;
  skipped: number;
  deadLettered: number;
}

/**
 * A Kafka consumer with the platform's delivery rules: every envelope is validated, its `source`
 * must be the registered emitter of its `type`, the effect and the inbox row commit in one
 * transaction (idempotent), and a message that cannot be processed goes to `<topic>.dlq` with the
 * reason in its headers — never silently dropped. The offset is committed only after that.
 */
export class EventConsumer<TTx extends SqlExecutor> {
  readonly stats: ConsumerStats = { processed: 0, duplicates: 0, skipped: 0, deadLettered: 0 };
  private consumer: Consumer | undefined;
  private dlqProducer: Producer | undefined;
  private stopping = false;

  constructor(private readonly options: EventConsumerOptions<TTx>) {}

  async start(): Promise<void> {
    const { kafka, consumer: groupId, topics } = this.options;
    this.dlqProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.dlqProducer.connect();
    this.consumer = kafka.consumer({ groupId, ...consumerTimings() });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
    this.stopping = false;
    await this.consumer.run({
      autoCommit: true,
      eachMessage: async (payload) => {
        await this.handle(payload.topic as Topic, payload.partition, payload.message, () =>
          payload.heartbeat(),
        );
      },
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
  }

  private async handle(
    topic: Topic,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const { logger } = this.options;
    const envelope = this.parse(message);
    if (typeof envelope === 'string') {
      await this.deadLetter(topic, partition, message, envelope);
      return;
    }
    const handler = this.options.handlers[envelope.type];
    if (!handler) {
      // Not this consumer's business: acknowledged without a look, so one bad event does not fill
      // every consumer's DLQ. The consumers that handle it do the checks below.
      this.stats.skipped += 1;
      return;
    }
    const problem = await this.refusal(envelope, message);
    if (problem) {
      await this.deadLetter(topic, partition, message, problem, envelope);
      return;
    }
    const maxAttempts = this.options.maxAttempts ?? Number.POSITIVE_INFINITY;
    const maxBackoffMs = this.options.maxBackoffMs ?? 5000;
    for (let attempt = 1; ; attempt++) {
      try {
        const fresh = await this.apply(envelope, handler, {
          topic,
          partition,
          offset: message.offset,
        });
        if (fresh) {
          this.stats.processed += 1;
          this.options.afterCommit?.();
        } else {
          this.stats.duplicates += 1;
          logger.info({ eventId: envelope.id, type: envelope.type }, 'duplicate event skipped');
        }
        return;
      } catch (error) {
        const where = { eventId: envelope.id, type: envelope.type, attempt };
        if (error instanceof PoisonMessageError) {
          await this.deadLetter(topic, partition, message, error.message, envelope);
          return;
        }
        if (attempt >= maxAttempts) {
          logger.error({ err: error, ...where }, 'event handler kept failing; dead-lettering');
          await this.deadLetter(
            topic,
            partition,
            message,
            `handler failed ${attempt} times: ${(error as Error).message}`,
          );
          return;
        }
        if (this.stopping) {
          // Leave the offset uncommitted: the message is processed again after the restart.
          throw new Error('consumer stopping while an event was being retried', { cause: error });
        }
        if ((attempt & (attempt - 1)) === 0)
          logger.warn({ err: error, ...where }, 'event handler failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(maxBackoffMs, 100 * 2 ** attempt)));
        await heartbeat();
      }
    }
  }

  /** Runs the handler once per event id (inbox) or, without an inbox, on every delivery. */
  private async apply(
    envelope: EventEnvelope,
    handler: EventHandler<TTx>,
    position: LogPosition,
  ): Promise<boolean> {
    const { transaction } = this.options;
    if (transaction === WITHOUT_INBOX) {
      // Only for consumers that pass no transaction on purpose: TTx is `never` there.
      await handler(envelope, undefined as unknown as TTx, position);
      return true;
    }
    return transaction(async (tx) => {
      if (!(await claimInboxSlot(tx, this.options.consumer, envelope.id, envelope.type)))
        return false;
      await handler(envelope, tx, position);
      return true;
    });
  }

  /** The envelope, or the reason it is not one. */
  private parse(message: KafkaMessage): EventEnvelope | string {
    let json: unknown;
    try {
      json = JSON.parse(message.value?.toString('utf8') ?? '');
    } catch {
      return 'payload is not JSON';
    }
    const result = EventEnvelopeSchema.safeParse(json);
    if (!result.success)
      return `invalid envelope: ${result.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`;
    return result.data;
  }

  /**
   * Why a well-formed envelope must not be handled, or undefined: its `source` may not emit its
   * `type`, its signature is missing or not its source's (while `event-signing` is on), or its
   * data does not match the catalog.
   */
  private async refusal(
    envelope: EventEnvelope,
    message: KafkaMessage,
  ): Promise<string | undefined> {
    if (!mayEmit(envelope.source, envelope.type)) {
      return `source ${envelope.source} may not emit ${envelope.type}`;
    }
    const { signatures } = this.options;
    const header = message.headers?.[EVENT_SIGNATURE_HEADER];
    const value = message.value ?? Buffer.alloc(0);
    const signature = Array.isArray(header) ? undefined : header?.toString('utf8');
    const problem = await eventSignatureProblem(signatures.keys, envelope.source, value, signature);
    if (problem && signatures.enforced()) return problem;
    const dataProblem = eventDataProblem(envelope.type, envelope.version, envelope.data);
    if (problem && !dataProblem) {
      // TRAINING ONLY (event-signing off): the event is handled although its signature is not its
      // source's. The blue team sees it; the scoreboard credits the workload whose key really
      // signed it (a compromised towing signing as claims), never the source the event names.
      const signer = await eventSigner(signatures.keys, EVENT_SOURCES, value, signature);
      audit(this.options.logger, {
        action: 'defense.off',
        defense: 'event-signing',
        correlationId: envelope.correlationId,
        resource: `event:${envelope.id}`,
        ...(signer ? { actor: `workload ${signer}` } : {}),
        reason: `${envelope.type} claiming source ${envelope.source} handled by ${this.options.consumer} despite: ${problem} (defense event-signing is off)`,
      });
    }
    return dataProblem;
  }

  private async deadLetter(
    topic: Topic,
    partition: number,
    message: KafkaMessage,
    reason: string,
    envelope?: EventEnvelope,
  ): Promise<void> {
    this.stats.deadLettered += 1;
    this.options.onRejected?.({
      topic,
      reason,
      ...(envelope
        ? {
            eventId: envelope.id,
            type: envelope.type,
            correlationId: envelope.correlationId ?? envelope.traceId,
          }
        : {}),
    });
    this.options.logger.warn(
      { topic, partition, offset: message.offset, reason },
      'message dead-lettered',
    );
    await this.dlqProducer?.send({
      topic: dlqTopic(topic),
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            'dlq-reason': reason,
            'dlq-consumer': this.options.consumer,
            'dlq-source-topic': topic,
            'dlq-source-partition': String(partition),
            'dlq-source-offset': message.offset,
          },
        },
      ],
    });
  }
}
