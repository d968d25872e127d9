import {
  IDENTITY_EVENT_TYPES,
  TOPICS,
  type AuthenticatorEnrolledV1,
  type EventEnvelope,
} from '@claimguard/contracts';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { createLogger } from '@claimguard/observability';
import { describe, expect, it, vi } from 'vitest';
import { createEnvelope } from '../envelope.js';
import { EventConsumer, WITHOUT_INBOX } from './event-consumer.js';

/** The consumer's per-message step, without a broker (no DLQ producer: a dead letter would throw). */
type Handle = (
  topic: string,
  partition: number,
  message: KafkaMessage,
  hb: () => Promise<void>,
) => Promise<void>;

describe('EventConsumer and event types it has no handler for', () => {
  it('acknowledges a new identity event (AuthenticatorEnrolled) unread: no handler call, no DLQ', async () => {
    const revoke = vi.fn((_: EventEnvelope) => Promise.resolve());
    const consumer = new EventConsumer<never>({
      kafka: {} as Kafka,
      consumer: 'gateway-revocation-test',
      topics: [TOPICS.identity],
      transaction: WITHOUT_INBOX,
      handlers: { [IDENTITY_EVENT_TYPES.GrantRevoked]: revoke },
      logger: createLogger('gateway', 'silent'),
      signatures: {
        keys: { resolve: () => Promise.resolve(undefined) } as never,
        enforced: () => true,
      },
    });
    const data: AuthenticatorEnrolledV1 = { sub: 'u-1', method: 'totp', enrolmentCodeUsed: false };
    const envelope = createEnvelope({
      type: IDENTITY_EVENT_TYPES.AuthenticatorEnrolled,
      version: 1,
      source: 'identity',
      subject: 'u-1',
      data,
    });
    const message = { value: Buffer.from(JSON.stringify(envelope)), offset: '0' } as KafkaMessage;
    const handle = (consumer as unknown as { handle: Handle }).handle.bind(consumer);
    await handle(TOPICS.identity, 0, message, () => Promise.resolve());
    expect(consumer.stats).toEqual({ processed: 0, duplicates: 0, skipped: 1, deadLettered: 0 });
    expect(revoke).not.toHaveBeenCalled();
  });
});
