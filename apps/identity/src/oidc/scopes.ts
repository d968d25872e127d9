import {
  API_SCOPES,
  SCOPES_BY_PARTY_KIND,
  type ApiScope,
  type PartyKind,
} from '@claimguard/contracts';

/** OpenID Connect scopes identity supports (claims of each scope: see the provider configuration). */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

export interface ScopeDecision {
  granted: ApiScope[];
  rejected: string[];
}

const API_SCOPE_SET: ReadonlySet<string> = new Set(API_SCOPES);

/**
 * The API scopes a person may get: those requested, intersected with what their party kind may
 * ever hold (`SCOPES_BY_PARTY_KIND`). Everything else requested is rejected, so a client cannot
 * talk a member into a tow operator's scope.
 * @example decideApiScopes(['claims:read', 'towing:read'], 'member')
 * // { granted: ['claims:read'], rejected: ['towing:read'] }
 */
export function decideApiScopes(requested: Iterable<string>, partyKind: PartyKind): ScopeDecision {
  const allowed: ReadonlySet<string> = new Set(SCOPES_BY_PARTY_KIND[partyKind]);
  const granted: ApiScope[] = [];
  const rejected: string[] = [];
  for (const scope of new Set(requested)) {
    if (API_SCOPE_SET.has(scope) && allowed.has(scope)) granted.push(scope as ApiScope);
    else rejected.push(scope);
  }
  return { granted, rejected };
}
