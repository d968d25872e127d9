import type { TestProject } from 'vitest/node';
import { startMockBroker } from './broker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
  }
}

/**
 * One Kafka-protocol broker for the whole integration run. Databases are per test file
 * (`ensureDatabase`/`resetDatabase`), so files never share state.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const broker = await startMockBroker();
  const brokers = broker.brokers.join(',');
  process.env.KAFKA_BROKERS = brokers;
  project.provide('kafkaBrokers', brokers);
  return () => broker.stop();
}
