import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { config } from '../../../config';
import { endSessionUrl, revokeRefreshToken } from '../../../server/auth/oidc-client';
import { log } from '../../../server/log';
import { checkCsrf, CSRF_FIELD } from '../../../server/security/csrf';
import { cookieNames, cookieOptions, openSession } from '../../../server/session/session';

/**
 * Signs out (a form POST with the CSRF token): revokes the refresh token at identity (RFC 7009),
 * which ends the grant and so every access token of it, drops the session cookie and sends the
 * browser to identity's RP-initiated logout, which comes back to the home page.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const names = cookieNames();
  const session = await openSession(request.cookies.get(names.session)?.value);
  const form = await request.formData().catch(() => undefined);
  const token = form?.get(CSRF_FIELD);
  const verdict = checkCsrf(
    {
      origin: request.headers.get('origin'),
      secFetchSite: request.headers.get('sec-fetch-site'),
      formToken: typeof token === 'string' ? token : null,
      sessionToken: session?.csrfToken,
    },
    config().WEB_BASE_URL,
  );
  if (!verdict.ok) {
    log.warn('state-changing request refused', { action: 'logout', reason: verdict.reason });
    return new Response('Forbidden: this request did not come from a ClaimGuard page.', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  if (session?.refreshToken) {
    await revokeRefreshToken(session.refreshToken).catch((error: unknown) => {
      log.warn('refresh token revocation failed', error);
    });
  }
  const target = await endSessionUrl(session?.idToken).catch(
    () => new URL(`${config().WEB_BASE_URL}/`),
  );
  const response = NextResponse.redirect(target, 303);
  response.cookies.set(names.session, '', cookieOptions(0));
  log.info('signed out', { sub: session?.sub });
  return response;
}

export const dynamic = 'force-dynamic';
