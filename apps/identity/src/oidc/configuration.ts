import { ACR_MFA, ACR_VALUES, API_SCOPES } from '@claimguard/contracts';
import {
  errors,
  interactionPolicy,
  type Configuration,
  type KoaContextWithOIDC,
  type ResourceServer,
} from 'oidc-provider';
import type { Logger } from '@claimguard/observability';
import type { IdentityConfig } from '../config.js';
import type { IdentityDb } from '../database.js';
import { SIGNING_ALG, type IdentityKeys } from '../keys.js';
import { makeExtraTokenClaims, makeFindAccount, type AccountLookup } from './account.js';
import { buildClients, CLIENT_IDS } from './clients.js';
import { pkceRequired } from './oauth-training-paths.js';
import { logoutSource, postLogoutSuccessSource, renderError } from './pages.js';
import { PrismaOidcAdapter } from './prisma-adapter.js';
import { OIDC_SCOPES } from './scopes.js';

export interface OidcDeps {
  config: IdentityConfig;
  keys: IdentityKeys;
  db: IdentityDb;
  users: AccountLookup;
  log: Logger;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A refresh-token family lives at most this long from the login, however often it rotates. */
const REFRESH_FAMILY_LIFETIME = 14 * DAY;

/**
 * The resource server (the gateway's API) that every access token is issued for. Opaque tokens
 * while the `phantom-token` defense is on; self-contained ES256 JWTs when it is off (training).
 */
export function apiResourceServer(config: IdentityConfig): ResourceServer {
  const phantom = config.defenses.isOn('phantom-token');
  return {
    audience: config.API_AUDIENCE,
    scope: API_SCOPES.join(' '),
    accessTokenTTL: config.ACCESS_TOKEN_TTL_SECONDS,
    accessTokenFormat: phantom ? 'opaque' : 'jwt',
    ...(phantom ? {} : { jwt: { sign: { alg: SIGNING_ALG } } }),
  };
}

/** oidc-provider configuration: everything not listed here is off or the library default. */
export function buildOidcConfiguration({ config, keys, db, users, log }: OidcDeps): Configuration {
  const secureCookies = config.ISSUER.startsWith('https:');
  const cookieOptions = { httpOnly: true, sameSite: 'lax', secure: secureCookies } as const;

  return {
    adapter: (name: string) => new PrismaOidcAdapter(name, db, { defenses: config.defenses, log }),
    clients: buildClients(config),
    clientDefaults: {
      id_token_signed_response_alg: SIGNING_ALG,
      token_endpoint_auth_method: 'client_secret_basic',
    },
    clientAuthMethods: ['client_secret_basic', 'none'],
    jwks: { keys: [keys.signingKey] },
    cookies: { keys: keys.cookieKeys, long: cookieOptions, short: cookieOptions },

    scopes: [...OIDC_SCOPES],
    // `party` is in every ID token: no extra scope to request, and no PII (a kind and a business id).
    // acr/amr/auth_time tell a relying party how strong the login was (step-up, RFC 9470).
    claims: {
      openid: ['sub', 'party', 'acr', 'amr', 'auth_time'],
      profile: ['name'],
      email: ['email'],
    },
    responseTypes: ['code'],
    // Every authorization request needs PKCE; oidc-provider v9 accepts only S256 (plain is refused).
    // Decided per request: the `pkce` switch may be flipped while identity runs.
    pkce: { required: pkceRequired({ defenses: config.defenses, log }) },
    // The redirect_uri must always be sent, even by a client with a single registered one.
    allowOmittingSingleRegisteredRedirectUri: false,
    rotateRefreshToken: true,
    // Every client allowed the refresh grant gets a refresh token. Without `offline_access` (which
    // OIDC honours only together with prompt=consent) it dies with the login session, so logout
    // ends it; with `offline_access` it outlives the session.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),

    findAccount: makeFindAccount(users),
    extraTokenClaims: makeExtraTokenClaims(users),
    acrValues: [...ACR_VALUES],
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
      policy: loginPolicy(),
    },
    renderError,

    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: false },
      // Access tokens are always bound to the API audience, so userinfo could never accept one;
      // ID tokens carry the profile claims instead.
      userinfo: { enabled: false },
      introspection: {
        enabled: true,
        // Only the gateway may introspect, and only access tokens: a refresh token presented as a
        // bearer token must never come back "active".
        allowedPolicy: (_ctx, client, token) =>
          client.clientId === CLIENT_IDS.gateway && token.kind === 'AccessToken',
      },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => config.API_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator, client) => {
          if (indicator !== config.API_AUDIENCE || !client.grantTypeAllowed('authorization_code')) {
            throw new errors.InvalidTarget();
          }
          return apiResourceServer(config);
        },
      },
    },

    ttl: {
      AccessToken: (_ctx, token) =>
        token.resourceServer?.accessTokenTTL ?? config.ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: MINUTE,
      IdToken: config.ACCESS_TOKEN_TTL_SECONDS,
      Interaction: 10 * MINUTE,
      Session: 8 * HOUR,
      Grant: REFRESH_FAMILY_LIFETIME,
      RefreshToken: (_ctx, token) => {
        const started = token.iiat ?? token.iat;
        const elapsed = started ? Math.floor(Date.now() / 1000) - started : 0;
        return Math.max(1, REFRESH_FAMILY_LIFETIME - elapsed);
      },
    },

    // Only ES256 anywhere a signature is produced or accepted.
    enabledJWA: {
      idTokenSigningAlgValues: [SIGNING_ALG],
      userinfoSigningAlgValues: [SIGNING_ALG],
      introspectionSigningAlgValues: [SIGNING_ALG],
      authorizationSigningAlgValues: [SIGNING_ALG],
      requestObjectSigningAlgValues: [SIGNING_ALG],
      clientAuthSigningAlgValues: [SIGNING_ALG],
      dPoPSigningAlgValues: [SIGNING_ALG],
      attestSigningAlgValues: [SIGNING_ALG],
    },
  };
}

/**
 * oidc-provider's default prompts, plus one login check: a client that asks for
 * `acr_values=urn:claimguard:acr:mfa` (RFC 9470 step-up) while the session's login was
 * password-only gets the login prompt again, and the login then asks for the TOTP code.
 */
export function loginPolicy() {
  const policy = interactionPolicy.base();
  policy.get('login')?.checks.add(
    new interactionPolicy.Check(
      'mfa_requested',
      'The client asked for a multi-factor authentication',
      (ctx: KoaContextWithOIDC) => {
        const requested = ctx.oidc.params?.acr_values;
        const asked = typeof requested === 'string' ? requested.split(' ') : [];
        return asked.includes(ACR_MFA) && ctx.oidc.session?.acr !== ACR_MFA
          ? interactionPolicy.Check.REQUEST_PROMPT
          : interactionPolicy.Check.NO_NEED_TO_PROMPT;
      },
    ),
  );
  return policy;
}
