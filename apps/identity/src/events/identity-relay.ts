import { createKafka, loadOrCreateEventSigningKey, OutboxRelay } from '@claimguard/messaging';
import type { Logger } from '@claimguard/observability';
import type { IdentityConfig } from '../config.js';
import type { IdentityDb } from '../database.js';

/** The running relay of identity's outbox. */
export interface IdentityRelay {
  stop(): Promise<void>;
}

/**
 * Publishes identity's outbox (GrantRevoked, UserDisabled, AuthenticatorEnrolled) to `identity.events.v1`, signed with
 * identity's event key (created on first start under EVENT_KEYS_DIR). Without KAFKA_BROKERS
 * (allowed outside production) nothing is published and the rows wait.
 */
export function startIdentityRelay(
  config: Pick<IdentityConfig, 'KAFKA_BROKERS' | 'EVENT_KEYS_DIR'>,
  db: IdentityDb,
  log: Logger,
): IdentityRelay | undefined {
  const brokers = config.KAFKA_BROKERS;
  const keysDir = config.EVENT_KEYS_DIR;
  if (!brokers?.length || !keysDir) {
    log.warn('KAFKA_BROKERS not set: revocation events stay in the outbox, unpublished');
    return undefined;
  }
  const producer = createKafka({ clientId: 'identity', brokers, logger: log }).producer({
    maxInFlightRequests: 1,
  });
  let relay: OutboxRelay<IdentityDb> | undefined;
  let stopped = false;
  const ready = (async () => {
    const signer = await loadOrCreateEventSigningKey(keysDir, 'identity');
    await producer.connect();
    if (stopped) return;
    relay = new OutboxRelay<IdentityDb>({
      transaction: (fn) =>
        db.$transaction((tx) => fn(tx as unknown as IdentityDb), { timeout: 30_000 }),
      producer,
      logger: log,
      signer,
      pollIntervalMs: 100,
    });
    relay.start();
    log.info('identity outbox relay started');
  })().catch((err: unknown) => log.error({ err }, 'identity outbox relay failed to start'));
  return {
    stop: async () => {
      stopped = true;
      await ready;
      await relay?.stop();
      await producer.disconnect().catch(() => undefined);
    },
  };
}
