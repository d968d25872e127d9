import type { Party } from '@claimguard/contracts';

/** The caller of a service request, as proven by a verified party token. */
export interface AuthenticatedParty {
  sub: string;
  party: Party;
  scopes: string[];
  clientId: string | undefined;
  acr: string | undefined;
  amr: string[] | undefined;
  authTime: number | undefined;
  /** The party token's `jti`, for audit lines (never the token itself). */
  tokenId: string;
  /** On an east-west route: the workload acting for the party (`act.sub` of an exchanged token). */
  actor?: string;
}
