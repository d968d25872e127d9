import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import * as oauth from 'oauth4webapi';
import { API_SCOPES, PartySchema, type Party } from '@claimguard/contracts';
import { config } from '../../config';
import type { LoginTransaction } from '../session/session-cookie';

/**
 * Scopes the web client asks for: `profile` for the name in the header, and every API scope, of
 * which identity grants only those the persona's party kind may hold.
 */
export const REQUESTED_SCOPE = ['openid', 'profile', ...API_SCOPES].join(' ');

interface Provider {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  auth: oauth.ClientAuth;
  jwks: JWTVerifyGetKey;
}

let provider: Promise<Provider> | undefined;

/** Identity over plain http is allowed only where the configuration says so (dev and test). */
function httpOptions() {
  return { [oauth.allowInsecureRequests]: config().ISSUER.startsWith('http:') } as const;
}

/** Identity's metadata, fetched once (retried on the next call when it failed). */
function getProvider(): Promise<Provider> {
  provider ??= (async () => {
    const { ISSUER, WEB_CLIENT_ID, WEB_CLIENT_SECRET } = config();
    const issuer = new URL(ISSUER);
    const response = await oauth.discoveryRequest(issuer, {
      algorithm: 'oidc',
      ...httpOptions(),
    });
    const as = await oauth.processDiscoveryResponse(issuer, response);
    if (!as.jwks_uri) throw new Error('identity publishes no jwks_uri');
    return {
      as,
      client: { client_id: WEB_CLIENT_ID, id_token_signed_response_alg: 'ES256' },
      auth: oauth.ClientSecretBasic(WEB_CLIENT_SECRET),
      jwks: createRemoteJWKSet(new URL(as.jwks_uri)),
    };
  })().catch((error: unknown) => {
    provider = undefined;
    throw error;
  });
  return provider;
}

/** Tokens and identity facts of a finished login or refresh. */
export interface TokenSet {
  accessToken: string;
  accessTokenExpiresAt: number;
  refreshToken?: string;
  idToken?: string;
  sub: string;
  party: Party;
  name?: string;
}

/** What a step-up asks identity for: a recent login (`max_age`) of an authentication class. */
export interface StepUpRequest {
  maxAge?: number;
  acrValues?: string;
}

/**
 * Starts a login: a fresh state, nonce and PKCE verifier (kept by the caller in an encrypted
 * cookie) and identity's authorization URL with the API audience as resource indicator; a
 * step-up adds `max_age` and `acr_values`.
 */
export async function beginLogin(
  stepUp?: StepUpRequest,
): Promise<{ url: URL; transaction: LoginTransaction }> {
  const { as } = await getProvider();
  if (!as.authorization_endpoint) throw new Error('identity publishes no authorization endpoint');
  const transaction: LoginTransaction = {
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    codeVerifier: oauth.generateRandomCodeVerifier(),
  };
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config().WEB_CLIENT_ID,
    redirect_uri: config().redirectUri,
    scope: REQUESTED_SCOPE,
    resource: config().API_AUDIENCE,
    state: transaction.state,
    nonce: transaction.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(transaction.codeVerifier),
    code_challenge_method: 'S256',
    // A step-up must re-authenticate even inside identity's session: max_age (0 when none given).
    ...(stepUp ? { max_age: String(stepUp.maxAge ?? 0) } : {}),
    ...(stepUp?.acrValues ? { acr_values: stepUp.acrValues } : {}),
  }).toString();
  return { url, transaction };
}

/**
 * Finishes a login: checks the callback's state, redeems the code with the PKCE verifier (HTTP
 * Basic client authentication), and verifies the ID token (ES256 signature by identity's JWKS,
 * issuer, audience, nonce). Throws on any mismatch or OAuth error.
 */
export function finishLogin(callbackUrl: URL, transaction: LoginTransaction): Promise<TokenSet> {
  return redeem(callbackUrl, transaction);
}

/**
 * TRAINING ONLY (defense `oauth-state` off): finishes ANY authorization response that reaches the
 * callback, as a client that never bound a login to the browser would — no state check, no PKCE
 * verifier, no nonce. A code an attacker obtained for their own account, sent to a victim as a
 * link, signs the victim's browser in as the attacker (login CSRF). Never called while the defense
 * is on (the callback reads the switch per request) and never in production (switches are frozen).
 */
export function finishUnboundLogin(callbackUrl: URL): Promise<TokenSet> {
  return redeem(callbackUrl, undefined);
}

/** The code redemption of both: bound to `transaction`, or (training) to nothing at all. */
async function redeem(
  callbackUrl: URL,
  transaction: LoginTransaction | undefined,
): Promise<TokenSet> {
  const { as, client, auth } = await getProvider();
  const params = oauth.validateAuthResponse(
    as,
    client,
    callbackUrl,
    transaction ? transaction.state : oauth.skipStateCheck,
  );
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    auth,
    params,
    config().redirectUri,
    transaction ? transaction.codeVerifier : oauth.nopkce,
    httpOptions(),
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: transaction ? transaction.nonce : oauth.expectNoNonce,
    requireIdToken: true,
  });
  return toTokenSet(result);
}

/**
 * Redeems a refresh token (identity rotates it: the old one is dead after this call, and reusing
 * it revokes the whole grant — the caller must never send it twice).
 */
export async function refreshTokens(
  refreshToken: string,
  previous: Pick<TokenSet, 'sub' | 'party' | 'name' | 'idToken'>,
): Promise<TokenSet> {
  const { as, client, auth } = await getProvider();
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    auth,
    refreshToken,
    httpOptions(),
  );
  const result = await oauth.processRefreshTokenResponse(as, client, response);
  return toTokenSet(result, previous);
}

/** Revokes a refresh token at identity (RFC 7009); identity then ends its grant. */
export async function revokeRefreshToken(refreshToken: string): Promise<void> {
  const { as, client, auth } = await getProvider();
  const response = await oauth.revocationRequest(as, client, auth, refreshToken, {
    additionalParameters: { token_type_hint: 'refresh_token' },
    ...httpOptions(),
  });
  await oauth.processRevocationResponse(response);
}

/** Identity's RP-initiated logout URL, returning the browser to the web app's home page. */
export async function endSessionUrl(idToken: string | undefined): Promise<URL> {
  const { as } = await getProvider();
  if (!as.end_session_endpoint) return new URL(`${config().WEB_BASE_URL}/`);
  const url = new URL(as.end_session_endpoint);
  url.searchParams.set('client_id', config().WEB_CLIENT_ID);
  url.searchParams.set('post_logout_redirect_uri', `${config().WEB_BASE_URL}/`);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  return url;
}

async function toTokenSet(
  result: oauth.TokenEndpointResponse,
  previous?: Pick<TokenSet, 'sub' | 'party' | 'name' | 'idToken'>,
): Promise<TokenSet> {
  const { as, client, jwks } = await getProvider();
  const idToken = result.id_token;
  const expiresIn = result.expires_in ?? 60;
  const tokens = {
    accessToken: result.access_token,
    accessTokenExpiresAt: Math.floor(Date.now() / 1000) + expiresIn,
    ...(result.refresh_token ? { refreshToken: result.refresh_token } : {}),
  };
  // A refresh response may omit the ID token: the person is the same as before.
  if (!idToken && previous) return { ...previous, ...tokens };
  if (!idToken) throw new Error('identity returned no ID token');
  // oauth4webapi checked iss, aud, exp, nonce; the signature is checked here, pinned to ES256.
  const { payload } = await jwtVerify(idToken, jwks, {
    issuer: as.issuer,
    audience: client.client_id,
    algorithms: ['ES256'],
  });
  const party = PartySchema.safeParse(payload.party);
  if (!payload.sub || !party.success) throw new Error('the ID token names no party');
  if (previous && previous.sub !== payload.sub) throw new Error('a refresh changed the subject');
  return {
    ...tokens,
    idToken,
    sub: payload.sub,
    party: party.data,
    ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
  };
}
