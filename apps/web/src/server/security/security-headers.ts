/** What the headers depend on for one response. */
export interface SecurityHeaderOptions {
  /** Fresh per request (≥128 random bits, base64). */
  nonce: string;
  /** Served over TLS: HSTS and upgrade-insecure-requests. */
  secure: boolean;
  /** Origins a form may post or redirect to besides this app (identity's logout page). */
  formTargets: string[];
}

/**
 * Response headers of every page. Scripts run only with this response's nonce (Next.js puts it on
 * its own scripts) or when loaded by such a script ('strict-dynamic'): no 'unsafe-inline', no
 * 'unsafe-eval'. Nothing may frame the app, and no request goes anywhere but this origin.
 * @example securityHeaders({ nonce, secure: false, formTargets: ['http://localhost:4000'] })
 */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const { nonce, secure, formTargets } = options;
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${formTargets.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    ...(secure ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  return {
    'content-security-policy': csp,
    // Not `no-referrer`: with it browsers send `Origin: null` on form posts, and the CSRF check
    // needs the real origin. Other sites still get no referrer (and URLs carry no token or PII).
    'referrer-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
