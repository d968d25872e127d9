import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '@claimguard/observability';
import type { ServiceOutboxRelay } from '../platform/service-database.js';
import type { KafkaProducer } from './kafka-types.js';
import { OutboxRelayLifecycle } from './outbox-relay.lifecycle.js';

const logger = { warn: vi.fn() } as unknown as Logger;

function setUp(connect: () => Promise<void>) {
  const order: string[] = [];
  const producer = {
    connect: vi.fn(connect),
    disconnect: vi.fn(() => {
      order.push('producer.disconnect');
      return Promise.resolve();
    }),
  };
  const relay = {
    start: vi.fn(() => order.push('relay.start')),
    stop: vi.fn(() => {
      order.push('relay.stop');
      return Promise.resolve();
    }),
  };
  const lifecycle = new OutboxRelayLifecycle(
    producer as unknown as KafkaProducer,
    relay as unknown as ServiceOutboxRelay,
    logger,
  );
  return { lifecycle, producer, relay, order };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('OutboxRelayLifecycle', () => {
  it('starts the relay once the producer is connected, and on destroy stops it before disconnecting', async () => {
    const { lifecycle, order } = setUp(() => Promise.resolve());
    lifecycle.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(0);
    await lifecycle.onModuleDestroy();
    expect(order).toEqual(['relay.start', 'relay.stop', 'producer.disconnect']);
  });

  it('shuts down within ~2 s while the producer is still trying to reach a broker that is down', async () => {
    // kafkajs keeps one connect() pending for ~30 s against an unreachable broker.
    const { lifecycle, relay } = setUp(() => new Promise<void>(() => undefined));
    lifecycle.onApplicationBootstrap();
    let destroyed = false;
    void lifecycle.onModuleDestroy().then(() => (destroyed = true));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(destroyed).toBe(true);
    expect(relay.start).not.toHaveBeenCalled();
    expect(relay.stop).toHaveBeenCalledOnce();
  });

  it('disconnects a producer whose connect succeeds only after shutdown began, without starting the relay', async () => {
    let connected!: () => void;
    const { lifecycle, producer, relay } = setUp(
      () => new Promise<void>((resolve) => (connected = resolve)),
    );
    lifecycle.onApplicationBootstrap();
    const destroying = lifecycle.onModuleDestroy();
    await vi.advanceTimersByTimeAsync(2_000);
    await destroying;
    connected();
    await vi.advanceTimersByTimeAsync(0);
    expect(relay.start).not.toHaveBeenCalled();
    expect(producer.disconnect).toHaveBeenCalledTimes(2); // by destroy, and by the late connect
  });
});
