import type { DefenseSwitches } from '@claimguard/config';
import { audit, type Logger } from '@claimguard/observability';
import type Provider from 'oidc-provider';
import type { AdapterPayload, Client, KoaContextWithOIDC } from 'oidc-provider';
import { requestContext } from '../events/identity-events.js';

/**
 * The training paths of identity's OAuth defenses (`redirect-uri`, `pkce`, `code-single-use`).
 * Each reads its switch at the moment of the decision, so the instructor's flip takes effect on the
 * next request; every use by a person is audited as `defense.off`. With a switch on, oidc-provider
 * decides exactly as it does without this file.
 */
export interface OauthTrainingDeps {
  defenses: Pick<DefenseSwitches, 'isOn'>;
  log: Logger;
}

function normalizedForLaxMatch(uri: string): string {
  let decoded = uri;
  try {
    decoded = decodeURIComponent(uri);
  } catch {
    // A malformed escape is compared as written.
  }
  return decoded.toLowerCase();
}

/**
 * The lax redirect_uri matcher many hand-written authorization servers ship: percent-decoded,
 * case-insensitive, and "starts with a registered URI". It lets through an extra path or query
 * (`/callback/evil`, `/callback?next=…`), a percent-encoded path (`/%63allback`) and a case variant
 * (`/CALLBACK`). Another host passes where decoding turns it into a "prefix": in
 * `http://127.0.0.1:8765%2Fcallback@evil.example/` the decoded text starts with the registered URI,
 * while the URL the browser follows has the host evil.example (the rest is userinfo). A plain
 * `http://evil.example/callback` is still refused: every registered URI here has a path.
 * @example laxRedirectUriMatch('http://127.0.0.1:8765/callback/evil', ['http://127.0.0.1:8765/callback']) // true
 */
export function laxRedirectUriMatch(value: string, registered: readonly string[]): boolean {
  const candidate = normalizedForLaxMatch(value);
  return registered.some((uri) => candidate.startsWith(normalizedForLaxMatch(uri)));
}

/** The request's correlation id (set by the server for every OIDC request), if any. */
function correlationId(): string | undefined {
  return requestContext.getStore()?.correlationId;
}

/**
 * `redirect-uri` off: the client's redirect_uri check falls back to {@link laxRedirectUriMatch}
 * for this request. oidc-provider asks `client.redirectUriAllowed` on the authorization request
 * (and again when it decides where an error may go), so the override is per call, never baked in.
 * Also audits, with the person's sub, each code sent to an unregistered URI or issued without PKCE.
 */
export function installOauthTrainingPaths(provider: Provider, deps: OauthTrainingDeps): void {
  // Typed as a plain function property: the original is called with `this` bound explicitly.
  const prototype = provider.Client.prototype as unknown as {
    redirectUriAllowed: (this: Client, value: string) => boolean;
  };
  const exact = prototype.redirectUriAllowed;
  prototype.redirectUriAllowed = function redirectUriAllowed(this: Client, value: string) {
    if (exact.call(this, value)) return true;
    if (deps.defenses.isOn('redirect-uri')) return false;
    if (typeof value !== 'string' || !laxRedirectUriMatch(value, this.redirectUris ?? [])) {
      return false;
    }
    const store = requestContext.getStore();
    if (store && !store.laxRedirectAudited) {
      store.laxRedirectAudited = true;
      audit(deps.log, {
        action: 'defense.off',
        defense: 'redirect-uri',
        ...(store.correlationId ? { correlationId: store.correlationId } : {}),
        resource: `client:${this.clientId}`,
        reason: `redirect_uri ${value} accepted by prefix match (defense redirect-uri is off)`,
      });
    }
    return true;
  };

  // The code itself leaves at the resumed authorization, once the person has signed in: audited
  // again with the person's sub (the scoreboard credits the attendee from it).
  provider.on('authorization.success', (ctx: KoaContextWithOIDC) => {
    const client = ctx.oidc.client;
    const params = ctx.oidc.params ?? {};
    if (!client) return;
    const sub = ctx.oidc.session?.accountId;
    const common = {
      action: 'defense.off' as const,
      ...(sub ? { sub } : {}),
      ...(correlationId() ? { correlationId: correlationId() } : {}),
      resource: `client:${client.clientId}`,
    };
    const redirectUri = params.redirect_uri;
    if (typeof redirectUri === 'string' && !exact.call(client, redirectUri)) {
      audit(deps.log, {
        ...common,
        defense: 'redirect-uri',
        reason: `authorization response sent to the unregistered redirect_uri ${redirectUri}`,
      });
    }
    // With `pkce` on, a request without a challenge never gets this far.
    if (!params.code_challenge) {
      audit(deps.log, {
        ...common,
        defense: 'pkce',
        reason: 'authorization code issued without a PKCE challenge',
      });
    }
  });
}

/**
 * `pkce.required` for oidc-provider: PKCE (S256) is required while `pkce` is on. oidc-provider calls
 * it only for an authorization request that carries no code_challenge, so each `false` is a use of
 * the training path. (plain stays refused: oidc-provider v9 implements S256 only.)
 */
export function pkceRequired(deps: OauthTrainingDeps) {
  return (ctx: KoaContextWithOIDC, client: Client): boolean => {
    if (deps.defenses.isOn('pkce')) return true;
    const sub = ctx.oidc.session?.accountId;
    audit(deps.log, {
      action: 'defense.off',
      defense: 'pkce',
      ...(sub ? { sub } : {}),
      ...(correlationId() ? { correlationId: correlationId() } : {}),
      resource: `client:${client.clientId}`,
      reason: 'authorization request without code_challenge accepted (defense pkce is off)',
    });
    return false;
  };
}

/**
 * `code-single-use` off: an authorization code read for redemption no longer says it was consumed,
 * so oidc-provider redeems it again instead of refusing it and revoking its grant. Returns the
 * payload to hand to oidc-provider.
 */
export function authorizationCodeForRedemption(
  payload: AdapterPayload,
  deps: OauthTrainingDeps,
): AdapterPayload {
  if (!payload.consumed || deps.defenses.isOn('code-single-use')) return payload;
  const reusable: AdapterPayload = { ...payload };
  delete reusable.consumed;
  audit(deps.log, {
    action: 'defense.off',
    defense: 'code-single-use',
    ...(payload.accountId ? { sub: payload.accountId } : {}),
    ...(correlationId() ? { correlationId: correlationId() } : {}),
    ...(payload.clientId ? { resource: `client:${payload.clientId}` } : {}),
    reason: 'a used authorization code redeemed again (defense code-single-use is off)',
  });
  return reusable;
}

/** An error oidc-provider answered with (its code, description and detail). */
export interface OidcRefusal {
  error?: string;
  error_description?: string;
  error_detail?: string;
}

/**
 * Which of identity's OAuth defenses refused a request, if one did: the refusal is then an audit
 * line for the blue team, not just a log line.
 * @example refusingDefense({ error: 'invalid_redirect_uri' }) // 'redirect-uri'
 */
export function refusingDefense(
  err: OidcRefusal,
): 'redirect-uri' | 'pkce' | 'code-single-use' | undefined {
  if (err.error === 'invalid_redirect_uri') return 'redirect-uri';
  const text = `${err.error_description ?? ''} ${err.error_detail ?? ''}`;
  if (err.error === 'invalid_request' && /PKCE|code_challenge/.test(text)) return 'pkce';
  if (err.error === 'invalid_grant' && /authorization code already consumed/.test(text)) {
    return 'code-single-use';
  }
  return undefined;
}
