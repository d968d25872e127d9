import { createPublicKey, randomBytes, type JsonWebKey } from 'node:crypto';
import {
  decodeProtectedHeader,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import {
  PARTY_TOKEN_ALG,
  PARTY_TOKEN_MAX_TTL_SECONDS,
  PARTY_TOKEN_TYP,
  PartySchema,
  parseScope,
  type Party,
} from '@claimguard/contracts';

/** RFC 8693 grant type. */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
/** The only subject token type accepted: a JWT (the gateway's party token). */
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
/** Parameters the grant reads besides `grant_type`. */
export const TOKEN_EXCHANGE_PARAMS = [
  'subject_token',
  'subject_token_type',
  'audience',
  'scope',
  'requested_token_type',
  'actor_token',
  'actor_token_type',
  'resource',
] as const;
/** JOSE `typ` of an exchanged token (the claims verifier pins it). */
export const EXCHANGED_TOKEN_TYP = 'exchanged+jwt';
/** Life of an exchanged token, in seconds. */
export const EXCHANGED_TOKEN_TTL_SECONDS = 60;

/**
 * Which workload client may exchange which subject token for which audience and scopes. Deny by
 * default: a client not listed may exchange nothing; an audience not listed is `invalid_target`.
 */
export interface ExchangePolicy {
  /** The workload named in `act.sub` of the issued token. */
  actor: string;
  /** The `aud` the subject token (the gateway's party token) must carry. */
  subjectAudience: string;
  /** Audience → the scopes the issued token may carry (all of them when none is asked). */
  audiences: Readonly<Record<string, readonly string[]>>;
}

export const TOKEN_EXCHANGE_POLICIES: Readonly<Record<string, ExchangePolicy>> = {
  'claimguard-rental': {
    actor: 'rental',
    subjectAudience: 'rental',
    audiences: { claims: ['claims:coverage'] },
  },
};

export interface ExchangeRequest {
  subject_token?: unknown;
  subject_token_type?: unknown;
  audience?: unknown;
  scope?: unknown;
  requested_token_type?: unknown;
  actor_token?: unknown;
  resource?: unknown;
}

export interface ExchangeDecision {
  policy: ExchangePolicy;
  subjectToken: string;
  audience: string;
  scopes: string[];
}

/**
 * Checks an exchange request against the client's policy, before any token is looked at.
 * @throws oidc-provider's `UnauthorizedClient`, `InvalidRequest`, `InvalidTarget` or `InvalidScope`.
 */
export function decideTokenExchange(
  clientId: string,
  params: ExchangeRequest,
  policies: Readonly<Record<string, ExchangePolicy>> = TOKEN_EXCHANGE_POLICIES,
): ExchangeDecision {
  const policy = Object.hasOwn(policies, clientId) ? policies[clientId] : undefined;
  if (!policy) throw new errors.UnauthorizedClient('client may not exchange tokens');
  const subjectToken = params.subject_token;
  if (typeof subjectToken !== 'string' || subjectToken.length === 0) {
    throw new errors.InvalidRequest('missing subject_token');
  }
  if (params.subject_token_type !== JWT_TOKEN_TYPE) {
    throw new errors.InvalidRequest('unsupported subject_token_type');
  }
  if (params.requested_token_type !== undefined && params.requested_token_type !== JWT_TOKEN_TYPE) {
    throw new errors.InvalidRequest('unsupported requested_token_type');
  }
  if (params.actor_token !== undefined) {
    throw new errors.InvalidRequest('actor_token is not supported: the client is the actor');
  }
  if (params.resource !== undefined) throw new errors.InvalidTarget('use audience, not resource');
  const audience = params.audience;
  if (typeof audience !== 'string' || !Object.hasOwn(policy.audiences, audience)) {
    throw new errors.InvalidTarget('audience not allowed for this client');
  }
  const allowed = policy.audiences[audience] ?? [];
  const requested = typeof params.scope === 'string' ? parseScope(params.scope) : [];
  const wider = requested.filter((s) => !allowed.includes(s));
  if (wider.length > 0)
    throw new errors.InvalidScope('requested scope is not allowed', wider.join(' '));
  return {
    policy,
    subjectToken,
    audience,
    scopes: requested.length > 0 ? [...new Set(requested)] : [...allowed],
  };
}

export interface SubjectTokenCheck {
  /** The gateway's issuer. */
  issuer: string;
  /** The `aud` the subject token must carry. */
  audience: string;
  /** The gateway's public key for a `kid` (PEM), or undefined. */
  getKey: (kid: string) => Promise<string | undefined>;
}

export interface Subject {
  sub: string;
  party: Party;
}

/**
 * Verifies the subject token as a party token of the gateway: ES256, `typ` `party+jwt`, issuer
 * and audience pinned, at most 60 s old.
 * @throws `InvalidGrant` for any token that does not pass.
 */
export async function verifySubjectToken(
  token: string,
  check: SubjectTokenCheck,
): Promise<Subject> {
  let payload: JWTPayload;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== PARTY_TOKEN_ALG || header.typ !== PARTY_TOKEN_TYP || !header.kid) {
      throw new Error('not a party token');
    }
    const pem = await check.getKey(header.kid);
    if (!pem) throw new Error('unknown signing key');
    ({ payload } = await jwtVerify(token, createPublicKey(pem), {
      algorithms: [PARTY_TOKEN_ALG],
      typ: PARTY_TOKEN_TYP,
      issuer: check.issuer,
      audience: check.audience,
      maxTokenAge: `${PARTY_TOKEN_MAX_TTL_SECONDS}s`,
      clockTolerance: 5,
      requiredClaims: ['iat', 'exp', 'sub'],
    }));
  } catch {
    throw new errors.InvalidGrant('subject_token is not valid');
  }
  const party = PartySchema.safeParse(payload.party);
  const lifetime = (payload.exp ?? Infinity) - (payload.iat ?? 0);
  if (
    !payload.sub ||
    !party.success ||
    payload.aud !== check.audience ||
    lifetime > PARTY_TOKEN_MAX_TTL_SECONDS
  ) {
    throw new errors.InvalidGrant('subject_token is not valid');
  }
  return { sub: payload.sub, party: party.data };
}

/** Signs the exchanged token with identity's ES256 key. */
export async function mintExchangedToken(
  signingKey: JWK,
  issuer: string,
  subject: Subject,
  decision: Pick<ExchangeDecision, 'audience' | 'scopes' | 'policy'>,
  ttlSeconds = EXCHANGED_TOKEN_TTL_SECONDS,
): Promise<string> {
  const key = await importJWK(signingKey, 'ES256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    party: subject.party,
    scope: decision.scopes.join(' '),
    act: { sub: decision.policy.actor },
  })
    .setProtectedHeader({ alg: 'ES256', typ: EXCHANGED_TOKEN_TYP, kid: signingKey.kid })
    .setIssuer(issuer)
    .setAudience(decision.audience)
    .setSubject(subject.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + Math.min(ttlSeconds, EXCHANGED_TOKEN_TTL_SECONDS))
    .setJti(randomBytes(16).toString('base64url'))
    .sign(key);
}

export interface TokenExchangeDeps {
  signingKey: JWK;
  issuer: string;
  subjectIssuer: string;
  getSubjectKey: (kid: string) => Promise<string | undefined>;
  policies?: Readonly<Record<string, ExchangePolicy>>;
}

/** The grant handler to register with `provider.registerGrantType(TOKEN_EXCHANGE_GRANT, …)`. */
export function tokenExchangeHandler(deps: TokenExchangeDeps) {
  return async (ctx: KoaContextWithOIDC): Promise<void> => {
    const client = ctx.oidc.client;
    if (!client) throw new errors.InvalidClient('client authentication failed');
    const decision = decideTokenExchange(
      client.clientId,
      ctx.oidc.params as ExchangeRequest,
      deps.policies,
    );
    const subject = await verifySubjectToken(decision.subjectToken, {
      issuer: deps.subjectIssuer,
      audience: decision.policy.subjectAudience,
      getKey: deps.getSubjectKey,
    });
    const token = await mintExchangedToken(deps.signingKey, deps.issuer, subject, decision);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      access_token: token,
      issued_token_type: JWT_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: EXCHANGED_TOKEN_TTL_SECONDS,
      scope: decision.scopes.join(' '),
    };
  };
}

/**
 * The gateway's public keys by `kid` (PEM), from its JWKS URL; an unknown `kid` refetches at most
 * once per cooldown, so forged `kid`s cannot make identity hammer the gateway.
 */
export function remoteKeys(jwksUrl: string, cooldownMs = 10_000) {
  let keys = new Map<string, string>();
  let lastFetch = 0;
  let inflight: Promise<void> | undefined;
  const load = async (): Promise<void> => {
    lastFetch = Date.now();
    const response = await fetch(jwksUrl, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`JWKS fetch failed with ${response.status}`);
    const body = (await response.json()) as { keys?: JWK[] };
    const next = new Map<string, string>();
    for (const jwk of body.keys ?? []) {
      if (!jwk.kid || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || jwk.d) continue;
      const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
      next.set(jwk.kid, key.export({ type: 'spki', format: 'pem' }).toString());
    }
    keys = next;
  };
  return async (kid: string): Promise<string | undefined> => {
    const cached = keys.get(kid);
    if (cached) return cached;
    if (Date.now() - lastFetch < cooldownMs && keys.size > 0) return undefined;
    inflight ??= load().finally(() => (inflight = undefined));
    await inflight;
    return keys.get(kid);
  };
}
