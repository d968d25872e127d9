import { NextResponse, type NextRequest } from 'next/server';
import { config as webConfig } from './config';
import { needsRefresh, refreshEndsSession, refreshSession } from './server/auth/refresh';
import { securityHeaders } from './server/security/security-headers';
import {
  cookieNames,
  cookieOptions,
  openSession,
  sealSession,
  SESSION_TTL_SECONDS,
} from './server/session/session';

/**
 * Runs before every page and route: a fresh CSP nonce and the security headers, and the session's
 * access token refreshed when it is about to expire (only here and in route handlers may cookies
 * be written; server components then see the new cookie through the rewritten request).
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const cfg = webConfig();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const headers = securityHeaders({
    nonce,
    secure: cfg.secure,
    formTargets: [new URL(cfg.ISSUER).origin],
  });

  const names = cookieNames();
  let sessionCookie: { value: string; maxAge: number } | undefined;
  const session = await openSession(request.cookies.get(names.session)?.value);
  if (session && needsRefresh(session)) {
    try {
      const value = await sealSession(await refreshSession(session));
      sessionCookie = { value, maxAge: SESSION_TTL_SECONDS };
      request.cookies.set(names.session, value);
    } catch (error) {
      // Refused by identity (expired, revoked or reused refresh token): the session is over; pages
      // send the person to sign in again. Anything else (429, 5xx, identity away) leaves the
      // session as it is: the next request tries the refresh again.
      if (refreshEndsSession(error)) {
        sessionCookie = { value: '', maxAge: 0 };
        request.cookies.delete(names.session);
      }
    }
  }

  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', headers['content-security-policy']!);
  requestHeaders.set('x-nonce', nonce);
  if (sessionCookie) requestHeaders.set('cookie', request.cookies.toString());
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  if (sessionCookie) {
    response.cookies.set(names.session, sessionCookie.value, cookieOptions(sessionCookie.maxAge));
  }
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|healthz).*)'],
};
