import type { DefenseSwitches } from '@claimguard/config';
import type { Logger } from '@claimguard/observability';

/** How a service decides which workloads may call which of its routes (defense `mtls`). */
export interface CallerAuthOptions {
  /**
   * True when the service listens on TLS with a CA to verify client certificates by: only then is
   * there a caller identity to check. False (dev/test without a PKI) lets every caller through.
   */
  tls: boolean;
  /** The SPIFFE trust domain of caller ids, e.g. `claimguard.local`. */
  trustDomain: string;
  /** The workloads allowed on `METHOD /route/:pattern` (the route as the router matched it). */
  callersOf: (method: string, route: string) => readonly string[];
  defenses: Pick<DefenseSwitches, 'isOn'>;
  logger: Logger;
}

export const CALLER_AUTH_OPTIONS = Symbol('CALLER_AUTH_OPTIONS');
