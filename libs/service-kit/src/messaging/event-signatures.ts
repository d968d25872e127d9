import type { EventKeyResolver } from '@claimguard/messaging';

/**
 * What every consumer of the service checks events against (defense `event-signing`): the trust
 * store of producers' public keys and whether the defense is on. Injected as `EVENT_SIGNATURES`.
 */
export interface EventSignatures {
  keys: EventKeyResolver;
  enforced: () => boolean;
}
