/**
 * What the gateway answers a browser that calls it from another origin (defense `cors`).
 * - No `Origin` header: not a cross-origin browser call (the web BFF calls server-side) — nothing
 *   to decide, no CORS headers.
 * - Defense on: an origin on `CORS_ALLOWED_ORIGINS` (exact match) gets `Access-Control-Allow-Origin`
 *   for itself, never with credentials (the API takes bearer tokens, no cookies); any other origin
 *   gets no CORS header at all (its preflight is refused 403), so the browser keeps the answer from
 *   the script.
 * - Defense off (training only): the classic misconfiguration — whatever `Origin` the request
 *   names is reflected with `Access-Control-Allow-Credentials: true`, and a preflight allows
 *   whatever method and headers it asks for.
 */
export type CorsDecision =
  | { kind: 'none' }
  | { kind: 'allowed'; origin: string }
  | { kind: 'denied'; origin: string }
  | { kind: 'reflected'; origin: string };

/** Methods an allowed origin's scripts may use (everything the manifests route). */
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';
/** Request headers an allowed origin's scripts may send. */
const ALLOWED_HEADERS = 'authorization, content-type';
/** Response headers an allowed origin's scripts may read besides the safelisted ones. */
const EXPOSED_HEADERS = 'x-correlation-id, www-authenticate, retry-after';

/**
 * Decides for one request. `on` is the state of defense `cors` at this very request.
 * @example corsDecision('https://evil.example', ['https://app.example'], true) // { kind: 'denied', … }
 */
export function corsDecision(
  origin: string | undefined,
  allowList: readonly string[],
  on: boolean,
): CorsDecision {
  if (origin === undefined || origin === '') return { kind: 'none' };
  if (allowList.includes(origin)) return { kind: 'allowed', origin };
  return on ? { kind: 'denied', origin } : { kind: 'reflected', origin };
}

/** A CORS preflight: `OPTIONS` naming the method the real request will use. */
export function isPreflight(
  method: string,
  headers: Record<string, string | string[] | undefined>,
): boolean {
  return (
    method === 'OPTIONS' &&
    typeof headers.origin === 'string' &&
    typeof headers['access-control-request-method'] === 'string'
  );
}

/**
 * The CORS response headers for a decision: none for `none` and `denied`. A preflight also gets
 * the allowed methods, headers and how long the browser may cache the answer.
 */
export function corsHeaders(
  decision: CorsDecision,
  preflight: boolean,
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  if (decision.kind === 'allowed') {
    return {
      'access-control-allow-origin': decision.origin,
      vary: 'Origin',
      'access-control-expose-headers': EXPOSED_HEADERS,
      ...(preflight
        ? {
            'access-control-allow-methods': ALLOWED_METHODS,
            'access-control-allow-headers': ALLOWED_HEADERS,
            'access-control-max-age': '600',
          }
        : {}),
    };
  }
  if (decision.kind === 'reflected') {
    const method = headers['access-control-request-method'];
    const asked = headers['access-control-request-headers'];
    return {
      'access-control-allow-origin': decision.origin,
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
      ...(preflight
        ? {
            'access-control-allow-methods': typeof method === 'string' ? method : ALLOWED_METHODS,
            'access-control-allow-headers': typeof asked === 'string' ? asked : ALLOWED_HEADERS,
            'access-control-max-age': '86400',
          }
        : {}),
    };
  }
  return {};
}

/** An origin as the audit log may quote it: attacker-chosen text, so bounded. */
export function loggableOrigin(origin: string): string {
  return origin.length > 200 ? `${origin.slice(0, 200)}…` : origin;
}
