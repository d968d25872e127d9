import { FileEventKeyResolver, loadOrCreateEventSigningKey } from '@claimguard/messaging';
import type { Logger } from '@claimguard/observability';
import { TrainingAgent } from '@claimguard/training';
import type { IdentityConfig } from './config.js';

/**
 * identity's link to the training switchboard (libs/training `TrainingAgent`): the `lockout`,
 * `phantom-token`, `rate-limit`, `redirect-uri`, `pkce` and `code-single-use` switches follow the
 * instructor at runtime, training-path uses reach the scoreboard, and a workshop reset runs `reset`
 * (the demo users back to their documented state, every lockout counter cleared; sessions stay,
 * so the instructor stays signed in).
 * Returns undefined without `TRAINING_SWITCHBOARD_URL` or in production.
 */
export async function startIdentityTraining(
  config: Pick<IdentityConfig, 'TRAINING_SWITCHBOARD_URL' | 'EVENT_KEYS_DIR' | 'defenses'>,
  log: Logger,
  reset: () => Promise<void>,
): Promise<TrainingAgent | undefined> {
  if (!config.TRAINING_SWITCHBOARD_URL || !config.EVENT_KEYS_DIR || config.defenses.frozen) {
    return undefined;
  }
  const agent = new TrainingAgent({
    service: 'identity',
    switchboardUrl: config.TRAINING_SWITCHBOARD_URL,
    switches: config.defenses,
    signingKey: await loadOrCreateEventSigningKey(config.EVENT_KEYS_DIR, 'identity'),
    // The switchboard's answers are signed by the gateway's key in the same trust store.
    trustStore: new FileEventKeyResolver(config.EVENT_KEYS_DIR),
    log,
    reset,
  });
  agent.start();
  return agent;
}
