import type { Party } from '@claimguard/contracts';

/** How the gateway came to trust a bearer. Only `introspection` exists with every defense on. */
export type CallerSource = 'introspection' | 'local-jwt' | 'own-party-token';

/** The authenticated person behind a request, as the gateway passes it on in the party token. */
export interface Caller {
  sub: string;
  party: Party;
  scopes: string[];
  clientId?: string;
  acr?: string;
  amr?: string[];
  authTime?: number;
  /** When the client's token expires (epoch seconds). */
  exp: number;
  source: CallerSource;
}
