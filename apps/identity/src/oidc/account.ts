import type { Party } from '@claimguard/contracts';
import type { Account, AccessToken, ClientCredentials, KoaContextWithOIDC } from 'oidc-provider';
import type { User } from '../users/user.js';

/** What the account functions need from the user store. */
export interface AccountLookup {
  findById(id: string): Promise<User | undefined>;
}

/**
 * oidc-provider's `findAccount`: `sub` is the user's UUID. A disabled or deleted user has no
 * account, so codes and refresh tokens issued to them stop working at the token endpoint.
 * Claims: `party` (scope openid: a relying party such as the web BFF must know which portal to
 * open, and its access token is opaque to it), `name` (scope profile) and `email` (scope email);
 * the provider filters by scope.
 */
export function makeFindAccount(users: AccountLookup) {
  return async (_ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> => {
    const user = await users.findById(sub);
    if (!user || user.disabled) return undefined;
    return {
      accountId: user.id,
      claims: () => ({ sub: user.id, party: user.party, name: user.name, email: user.email }),
    };
  };
}

/** Extra members of access tokens: visible in introspection and in JWT access tokens. */
export type PartyTokenClaims = {
  party: Party;
  acr?: string;
  auth_time?: number;
  amr?: string[];
};

/**
 * oidc-provider's `extraTokenClaims`: adds `party: {kind, id}` of the token's user, plus
 * `acr`/`auth_time`/`amr` of the login the token descends from (for step-up decisions at the edge).
 */
export function makeExtraTokenClaims(users: AccountLookup) {
  return async (
    ctx: KoaContextWithOIDC,
    token: AccessToken | ClientCredentials,
  ): Promise<PartyTokenClaims | undefined> => {
    const accountId = 'accountId' in token ? token.accountId : undefined;
    if (!accountId) return undefined;
    const user = await users.findById(accountId);
    if (!user) return undefined;
    const source = ctx?.oidc?.entities.AuthorizationCode ?? ctx?.oidc?.entities.RefreshToken;
    return {
      party: user.party,
      ...(source?.acr ? { acr: source.acr } : {}),
      ...(source?.authTime ? { auth_time: source.authTime } : {}),
      ...(source?.amr?.length ? { amr: source.amr } : {}),
    };
  };
}
