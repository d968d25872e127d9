import { timingSafeEqual } from 'node:crypto';

/** Name of the hidden form field carrying the synchronizer token. */
export const CSRF_FIELD = 'csrf';

/** What a state-changing request brings that the CSRF check looks at. */
export interface CsrfEvidence {
  /** The request's `Origin` header. */
  origin: string | null;
  /** The request's `Sec-Fetch-Site` header (absent in old browsers). */
  secFetchSite: string | null;
  /** The token the form posted. */
  formToken: string | null;
  /** The token kept in the session (undefined when not signed in). */
  sessionToken: string | undefined;
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Both layers must pass for a state-changing request: the `Origin` is exactly this app's origin
 * (and `Sec-Fetch-Site`, when sent, is `same-origin`), and the form carries the session's
 * synchronizer token. SameSite=Lax already keeps the session cookie off cross-site POSTs; this
 * check does not rely on it.
 * @example checkCsrf({ origin, secFetchSite, formToken, sessionToken }, 'http://localhost:3000')
 */
export function checkCsrf(evidence: CsrfEvidence, expectedOrigin: string): CsrfVerdict {
  if (evidence.origin !== expectedOrigin) {
    return { ok: false, reason: `origin ${evidence.origin ?? '(none)'} is not this site` };
  }
  if (evidence.secFetchSite && evidence.secFetchSite !== 'same-origin') {
    return { ok: false, reason: `request is ${evidence.secFetchSite}` };
  }
  if (!evidence.sessionToken) return { ok: false, reason: 'no session' };
  if (!evidence.formToken || !sameSecret(evidence.formToken, evidence.sessionToken)) {
    return { ok: false, reason: 'CSRF token missing or wrong' };
  }
  return { ok: true };
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
