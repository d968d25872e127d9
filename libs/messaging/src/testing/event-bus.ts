import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dlqTopic, type EventEnvelope, type Topic } from '@claimguard/contracts';
import { createLogger } from '@claimguard/observability';
import { consumerTimings, createKafka } from '../kafka.js';
import { loadOrCreateEventSigningKey, type EventSigningKey } from '../signing/event-keys.js';
import {
  EVENT_SIGNATURE_HEADER,
  eventSignatureProblem,
  FileEventKeyResolver,
  signedEventMessage,
} from '../signing/event-signature.js';

/** One message a {@link MessageCollector} read: key, value and headers as UTF-8 text. */
export interface ReceivedMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** What a test broker connection needs; see {@link eventBus}. */
export interface EventBusOptions {
  /** Bootstrap servers, as a list or comma-separated (`process.env.KAFKA_BROKERS`). */
  brokers: string[] | string;
  /**
   * The event-signing trust store shared with the service under test. Omitted: a fresh temporary
   * folder, removed again by {@link EventBus.close}.
   */
  keysDir?: string;
  /**
   * Producers whose keys are created in `keysDir` right away, as those services would on their
   * first start, so the service under test trusts them from its boot on.
   */
  signers?: string[];
  /** Kafka client id prefix; also names the collectors' consumer groups. */
  clientId?: string;
}

/** Messages read from some topics since {@link EventBus.collect}, with waiting look-ups. */
export interface MessageCollector {
  /** Every message read so far, in arrival order. */
  readonly received: ReceivedMessage[];
  /** The messages on `topic`, only those keyed `key` when given, in arrival order. */
  on(topic: string, key?: string): ReceivedMessage[];
  /** Waits for the first message that `match` accepts (30 s unless `timeoutMs`). */
  waitFor(
    match: (message: ReceivedMessage) => boolean,
    what?: string,
    timeoutMs?: number,
  ): Promise<ReceivedMessage>;
  /**
   * The dead letter for `key` on the DLQ twin of `topic` if it has arrived (only one written by
   * consumer group `consumer` when given, as its `dlq-consumer` header says).
   */
  findDlq(topic: Topic, key: string, consumer?: string): ReceivedMessage | undefined;
  /** Waits for {@link MessageCollector.findDlq} to find the dead letter. */
  dlq(topic: Topic, key: string, consumer?: string): Promise<ReceivedMessage>;
  stop(): Promise<void>;
}

/** A producer that speaks as any service of the test's trust store, and message collectors. */
export interface EventBus {
  /** The trust store folder: give it to the service under test as `EVENT_KEYS_DIR`. */
  readonly keysDir: string;
  /** `service`'s event-signing key in `keysDir`, created on first use. */
  signingKey(service: string): Promise<EventSigningKey>;
  /**
   * Produces `envelope` to `topic` signed with `service`'s key, exactly as that service's outbox
   * relay does. The key defaults to the envelope's subject; tests that need "the next message"
   * pass one key for several messages, which puts them on one partition, in order.
   */
  publishAs(service: string, topic: string, envelope: EventEnvelope, key?: string): Promise<void>;
  /**
   * Produces `value` to `topic` as is: no signature, whatever the bytes. The key defaults to the
   * envelope's subject, or a random one for text.
   */
  publishRaw(topic: string, value: string | EventEnvelope, key?: string): Promise<void>;
  /** Why `message` is not signed by `service`'s key in `keysDir`, or undefined when it is. */
  signatureProblem(service: string, message: ReceivedMessage): Promise<string | undefined>;
  /** Starts reading `topics` from their beginning under a consumer group of its own. */
  collect(topics: string[]): Promise<MessageCollector>;
  /** Stops every collector, disconnects the producer and removes a temporary `keysDir`. */
  close(): Promise<void>;
}

/** Polls `probe` every 100 ms until it returns a value; never a fixed sleep. */
async function poll<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = probe();
  while (value === undefined) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
    value = probe();
  }
  return value;
}

function headerText(headers: Record<string, unknown> | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    text[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return text;
}

/**
 * Connects to a Kafka-protocol broker for an integration test: publishes envelopes signed as any
 * producer (or unsigned, or not JSON at all) and collects what the service under test publishes
 * and dead-letters. Lives in libs/messaging, not libs/testing, because messaging's own tests
 * depend on libs/testing: the other way round would be a workspace dependency cycle.
 * @example
 * const bus = await eventBus({ brokers: process.env.KAFKA_BROKERS ?? '', signers: ['claims'] });
 * const seen = await bus.collect([TOPICS.towing, dlqTopic(TOPICS.claims)]);
 * await bus.publishAs('claims', TOPICS.claims, claimFiledEnvelope);
 * await bus.publishRaw(TOPICS.claims, '{"not": json', key);
 * expect((await seen.dlq(TOPICS.claims, key)).headers['dlq-reason']).toBe('payload is not JSON');
 * await bus.close();
 */
export async function eventBus(options: EventBusOptions): Promise<EventBus> {
  const brokers =
    typeof options.brokers === 'string' ? options.brokers.split(',') : options.brokers;
  const clientId = options.clientId ?? 'it';
  const ownsKeysDir = options.keysDir === undefined;
  const keysDir = options.keysDir ?? (await mkdtemp(join(tmpdir(), `${clientId}-keys-`)));
  const kafka = createKafka({ clientId, brokers, logger: createLogger(clientId, 'silent') });
  const producer = kafka.producer();
  await producer.connect();
  const keys = new Map<string, Promise<EventSigningKey>>();
  const collectors = new Set<MessageCollector>();

  const signingKey = (service: string): Promise<EventSigningKey> => {
    let key = keys.get(service);
    if (!key) {
      key = loadOrCreateEventSigningKey(keysDir, service);
      keys.set(service, key);
    }
    return key;
  };
  for (const signer of options.signers ?? []) await signingKey(signer);

  return {
    keysDir,
    signingKey,
    async publishAs(service, topic, envelope, key) {
      const message = await signedEventMessage(
        await signingKey(service),
        envelope,
        key ? { key } : {},
      );
      await producer.send({ topic, messages: [message] });
    },
    async publishRaw(topic, value, key) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      const messageKey = key ?? (typeof value === 'string' ? randomUUID() : value.subject);
      await producer.send({ topic, messages: [{ key: messageKey, value: text }] });
    },
    signatureProblem: (service, message) =>
      eventSignatureProblem(
        new FileEventKeyResolver(keysDir),
        service,
        Buffer.from(message.value, 'utf8'),
        message.headers[EVENT_SIGNATURE_HEADER],
      ),
    async collect(topics) {
      const received: ReceivedMessage[] = [];
      const consumer = kafka.consumer({
        groupId: `${clientId}-watch-${randomUUID()}`,
        ...consumerTimings(),
      });
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ topic, message }) => {
          received.push({
            topic,
            key: message.key?.toString('utf8') ?? '',
            value: message.value?.toString('utf8') ?? '',
            headers: headerText(message.headers),
          });
          return Promise.resolve();
        },
      });
      const findDlq = (topic: Topic, key: string, consumer?: string) =>
        received.find(
          (m) =>
            m.topic === dlqTopic(topic) &&
            m.key === key &&
            (consumer === undefined || m.headers['dlq-consumer'] === consumer),
        );
      const collector: MessageCollector = {
        received,
        on: (topic, key) =>
          received.filter((m) => m.topic === topic && (key === undefined || m.key === key)),
        waitFor: (match, what = 'a message', timeoutMs = 30_000) =>
          poll(() => received.find(match), what, timeoutMs),
        findDlq,
        dlq: (topic, key, consumer) =>
          poll(() => findDlq(topic, key, consumer), `a DLQ message for ${key}`, 30_000),
        async stop() {
          collectors.delete(collector);
          await consumer.disconnect();
        },
      };
      collectors.add(collector);
      return collector;
    },
    async close() {
      for (const collector of [...collectors]) await collector.stop();
      await producer.disconnect();
      if (ownsKeysDir) await rm(keysDir, { recursive: true, force: true });
    },
  };
}
