import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, fetch as undiciFetch } from 'undici';
import { totpNow } from './totp.js';

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export interface PkcePair {
  verifier: string;
  challenge: string;
}

/**
 * A fresh PKCE pair: 32 random bytes as the verifier, SHA-256 of it as the challenge.
 * @example const { verifier, challenge } = pkcePair();
 */
export function pkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Who logs in where, with what. */
export interface OidcLoginOptions {
  /** Issuer URL; endpoints come from its discovery document. */
  issuer: string;
  clientId: string;
  /** Confidential clients (HTTP Basic); omit for a public client. */
  clientSecret?: string;
  redirectUri: string;
  username: string;
  password: string;
  /** Default `openid`. */
  scope?: string;
  /** Extra authorization request parameters, e.g. `{ code_challenge_method: 'plain' }`. */
  extraParams?: Record<string, string>;
  /**
   * Sends no code_challenge (an attack on the `pkce` defense); the code is then redeemed without
   * a code_verifier.
   */
  withoutPkce?: boolean;
  /**
   * Base32 TOTP secret: answers the login's second step (an MFA persona's `totpSecret` from
   * DEMO_PERSONAS). Without it, a login that asks for a code ends as `mfa-required`.
   */
  totpSecret?: string;
  /** Completes a TOTP enrollment page with the secret it shows; the secret is handed to this. */
  onEnroll?: (secret: string) => void;
  /**
   * The 127.0.0.0/8 address every request of the login leaves from (default: the OS's choice,
   * 127.0.0.1). Identity limits sign-in posts and `/token` per client address, so a test client
   * that signs in often spreads its sign-ins over addresses of its own (see e2e/support/personas.ts).
   */
  source?: string;
}

/** Token endpoint response of a successful login. */
export interface OidcTokens {
  access_token: string;
  token_type: string;
  refresh_token?: string;
  id_token?: string;
  scope: string;
  expires_in: number;
}

/** How an authorization request ended. */
export type AuthorizeOutcome =
  /** Redirected back with a code; `verifier` is the PKCE verifier to redeem it with ('' without PKCE). */
  | { kind: 'code'; code: string; verifier: string; redirect: URL }
  /** Redirected back with an OAuth error. */
  | { kind: 'error'; error: string; description?: string; redirect: URL }
  /** The login form came back after posting the credentials (login refused). */
  | { kind: 'login-refused'; status: number; html: string }
  /** The provider answered with a page instead of a redirect (e.g. an error page). */
  | { kind: 'page'; status: number; html: string }
  /** The password was accepted and a TOTP code (or an enrollment) is asked for, but none was given. */
  | { kind: 'mfa-required'; status: number; html: string; enroll: boolean }
  /** The TOTP codes posted were refused. */
  | { kind: 'mfa-refused'; status: number; html: string };

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

/** A minimal cookie jar: name + path, no domain handling (one origin per login). */
class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = val || '/';
        if (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now()) expired = true;
        if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
      }
      const key = `${name};${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }

  header(url: URL): string | undefined {
    const matching = [...this.cookies.values()].filter(
      (c) =>
        url.pathname === c.path ||
        url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
    );
    return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }
}

/** One keep-alive agent per source address (a login makes several requests to one origin). */
const agents = new Map<string, Agent>();

/**
 * `fetch` from `source` (IPv4 only, so `localhost` resolves to 127.0.0.1 like the source), or the
 * global fetch when no source is asked for.
 */
function fetchFrom(source: string | undefined): typeof fetch {
  if (!source) return fetch;
  let agent = agents.get(source);
  if (!agent) {
    agent = new Agent({ localAddress: source, connect: { family: 4 } });
    agents.set(source, agent);
  }
  const dispatcher = agent;
  return ((input: string | URL, init?: RequestInit) =>
    // undici's own Response is the one global fetch returns; only the type names differ.
    undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

async function discover(issuer: string, source?: string): Promise<Discovery> {
  const response = await fetchFrom(source)(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery failed at ${issuer}: HTTP ${response.status}`);
  return (await response.json()) as Discovery;
}

/** Reads the first form holding a `field` input: its action and every named input. */
function parseForm(
  html: string,
  base: URL,
  field = 'password',
): { action: URL; fields: URLSearchParams } | undefined {
  for (const [, attributes = '', inner = ''] of html.matchAll(
    /<form\b([^>]*)>([\s\S]*?)<\/form>/gi,
  )) {
    if (!new RegExp(`name="${field}"`, 'i').test(inner)) continue;
    const action = /action="([^"]*)"/i.exec(attributes)?.[1] ?? base.pathname;
    const fields = new URLSearchParams();
    for (const [input = ''] of inner.matchAll(/<input\b[^>]*>/gi)) {
      const name = /name="([^"]*)"/i.exec(input)?.[1];
      if (name) fields.set(name, decodeEntities(/value="([^"]*)"/i.exec(input)?.[1] ?? ''));
    }
    return { action: new URL(decodeEntities(action), base), fields };
  }
  return undefined;
}

function decodeEntities(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/**
 * Runs an authorization code request with PKCE S256 through the provider's real login form over
 * HTTP, following redirects by hand, and stops at the client's redirect_uri without calling it.
 * @example
 * const outcome = await authorize({ issuer, clientId: 'claimguard-cli', redirectUri, username: 'alice', password });
 * if (outcome.kind === 'code') await exchangeCode(options, outcome);
 */
export async function authorize(options: OidcLoginOptions): Promise<AuthorizeOutcome> {
  const send = fetchFrom(options.source);
  const { authorization_endpoint } = await discover(options.issuer, options.source);
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString('base64url');
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: options.scope ?? 'openid',
    state,
    ...(options.withoutPkce ? {} : { code_challenge: challenge, code_challenge_method: 'S256' }),
    ...options.extraParams,
  }).toString();

  const jar = new CookieJar();
  let next: { url: URL; init: RequestInit } = { url, init: { method: 'GET' } };
  let loginPosted = false;
  let codeAttempts = 0;

  for (let hop = 0; hop < 20; hop++) {
    const cookie = jar.header(next.url);
    const response = await send(next.url, {
      ...next.init,
      redirect: 'manual',
      headers: { ...(next.init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    jar.store(response);

    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const target = new URL(location, next.url);
      if (target.href.startsWith(options.redirectUri)) {
        return callbackOutcome(target, state, options.withoutPkce ? '' : verifier);
      }
      next = { url: target, init: { method: 'GET' } };
      continue;
    }

    const html = await response.text();
    const codeForm = parseForm(html, next.url, 'code');
    if (codeForm) {
      const enrollSecret = /data-secret="([A-Z2-7]+)"/.exec(html)?.[1];
      const secret = enrollSecret && options.onEnroll ? enrollSecret : options.totpSecret;
      if (!secret || (enrollSecret && !options.onEnroll)) {
        return { kind: 'mfa-required', status: response.status, html, enroll: !!enrollSecret };
      }
      if (codeAttempts >= 3) return { kind: 'mfa-refused', status: response.status, html };
      if (enrollSecret) options.onEnroll?.(enrollSecret);
      codeForm.fields.set('code', await nextTotpCode(secret, options.issuer));
      codeAttempts++;
      next = {
        url: codeForm.action,
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: codeForm.fields.toString(),
        },
      };
      continue;
    }
    const form = parseForm(html, next.url);
    if (!form) return { kind: 'page', status: response.status, html };
    if (loginPosted) return { kind: 'login-refused', status: response.status, html };
    form.fields.set('username', options.username);
    form.fields.set('password', options.password);
    loginPosted = true;
    next = {
      url: form.action,
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.fields.toString(),
      },
    };
  }
  throw new Error('authorization did not finish within 20 redirects');
}

const STEP_MS = 30_000;

/**
 * Reserves the next unused TOTP time step for `secret` at `scope` (an issuer) across every process
 * on this machine (Playwright workers log the same persona in at once): a file in the OS temp
 * folder holds the last step handed out, guarded by a lock directory.
 */
async function reserveStep(secret: string, scope: string): Promise<number> {
  const id = createHash('sha256').update(`${scope}\n${secret}`).digest('hex').slice(0, 24);
  const file = join(tmpdir(), `claimguard-totp-${id}`);
  const lock = `${file}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 10 s belongs to a process that died holding it.
      if (attempt > 400) rmSync(lock, { recursive: true, force: true });
      await sleep(25);
    }
  }
  try {
    const last = existsSync(file) ? Number(readFileSync(file, 'utf8')) : Number.NaN;
    const now = Math.floor(Date.now() / STEP_MS);
    const step = Number.isFinite(last) ? Math.max(now, last + 1) : now;
    writeFileSync(file, String(step));
    return step;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * A code identity has not seen yet (a TOTP code is accepted once): the current step's, or the
 * next one's (identity accepts ±1 step) when the current one was used, waiting for a fresh step
 * when both are spent. Steps are reserved across processes (see reserveStep); `scope` is the issuer.
 * @example await page.fill('input[name="code"]', await nextTotpCode(persona.totpSecret, issuer));
 */
export async function nextTotpCode(secret: string, scope = ''): Promise<string> {
  const step = await reserveStep(secret, scope);
  const wait = (step - 1) * STEP_MS - Date.now() + 50;
  if (wait > 0) await sleep(wait);
  return totpNow(secret, step * STEP_MS);
}

function callbackOutcome(redirect: URL, state: string, verifier: string): AuthorizeOutcome {
  const params = redirect.searchParams;
  if (params.get('state') !== state) throw new Error('authorization response state mismatch');
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description') ?? undefined;
    return { kind: 'error', error, redirect, ...(description ? { description } : {}) };
  }
  const code = params.get('code');
  if (!code) throw new Error(`redirect without code or error: ${redirect.href}`);
  return { kind: 'code', code, verifier, redirect };
}

/**
 * Redeems an authorization code at the token endpoint with the PKCE verifier, authenticating
 * with HTTP Basic when the client has a secret and with `client_id` alone otherwise.
 */
export async function exchangeCode(
  options: Pick<
    OidcLoginOptions,
    'issuer' | 'clientId' | 'clientSecret' | 'redirectUri' | 'source'
  >,
  outcome: { code: string; verifier: string },
): Promise<OidcTokens> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: outcome.code,
    redirect_uri: options.redirectUri,
  });
  // An empty verifier: the code was issued without PKCE (see `withoutPkce`).
  if (outcome.verifier) body.set('code_verifier', outcome.verifier);
  return tokenRequest(options, body);
}

/**
 * Renews a session with its refresh token (identity rotates it: the answer holds the next one), as
 * a client keeps a user signed in without asking for the password or a TOTP code again.
 * @example const next = await refreshTokens({ issuer, clientId: 'claimguard-cli' }, tokens.refresh_token);
 */
export async function refreshTokens(
  options: Pick<OidcLoginOptions, 'issuer' | 'clientId' | 'clientSecret' | 'source'>,
  refreshToken: string,
): Promise<OidcTokens> {
  return tokenRequest(
    options,
    new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  );
}

/** POSTs `body` to the token endpoint as the client (Basic with a secret, else `client_id`). */
async function tokenRequest(
  options: Pick<OidcLoginOptions, 'issuer' | 'clientId' | 'clientSecret' | 'source'>,
  body: URLSearchParams,
): Promise<OidcTokens> {
  const send = fetchFrom(options.source);
  const { token_endpoint } = await discover(options.issuer, options.source);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (options.clientSecret) {
    const id = encodeURIComponent(options.clientId);
    const secret = encodeURIComponent(options.clientSecret);
    headers.authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  } else {
    body.set('client_id', options.clientId);
  }
  const response = await send(token_endpoint, { method: 'POST', headers, body });
  const json = (await response.json()) as Partial<OidcTokens> & {
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !json.access_token) {
    throw new Error(
      `token request failed: HTTP ${response.status} ${json.error ?? ''} ${json.error_description ?? ''}`,
    );
  }
  return {
    access_token: json.access_token,
    token_type: json.token_type ?? 'Bearer',
    scope: json.scope ?? '',
    expires_in: json.expires_in ?? 0,
    ...(json.refresh_token ? { refresh_token: json.refresh_token } : {}),
    ...(json.id_token ? { id_token: json.id_token } : {}),
  };
}

/**
 * Logs a user in through the real login form and returns the client's tokens. Throws when the
 * login or the code exchange fails.
 * @example
 * const tokens = await oidcLogin({ issuer, clientId: 'claimguard-cli', redirectUri: 'http://127.0.0.1:8765/callback',
 *   username: 'alice', password: 'alice-ClaimGuard-2026!', scope: 'openid claims:read' });
 */
export async function oidcLogin(options: OidcLoginOptions): Promise<OidcTokens> {
  const outcome = await authorize(options);
  if (outcome.kind !== 'code') {
    const detail =
      outcome.kind === 'error'
        ? `${outcome.error} ${outcome.description ?? ''}`
        : `HTTP ${outcome.status}`;
    // The usual reason in tests: an MFA persona logged in without its TOTP secret.
    throw new Error(
      `login of ${options.username} at ${options.clientId} failed: ${outcome.kind} ${detail}`,
    );
  }
  return exchangeCode(options, outcome);
}
