import { Kafka, logLevel, type ConsumerConfig, type LogEntry } from 'kafkajs';
import type { Logger } from '@claimguard/observability';

/**
 * A kafkajs client whose logs go through the service logger.
 * @example const kafka = createKafka({ clientId: 'claims', brokers: config.KAFKA_BROKERS, logger });
 */
export function createKafka(options: {
  clientId: string;
  brokers: string[];
  logger: Logger;
}): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        const method =
          level <= logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : 'debug';
        options.logger[method]({ kafka: extra }, message);
      },
  });
}

/**
 * Consumer timings that work against both Apache Kafka and the dev mock broker: the mock never
 * answers a waiting fetch early (so a short `maxWaitTimeInMs`), and its group rebalance waits the
 * session timeout (so a short but stable session).
 */
export function consumerTimings(): Pick<
  ConsumerConfig,
  'sessionTimeout' | 'rebalanceTimeout' | 'heartbeatInterval' | 'maxWaitTimeInMs'
> {
  return {
    sessionTimeout: 6000,
    rebalanceTimeout: 6000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 100,
  };
}
