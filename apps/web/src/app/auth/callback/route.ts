import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { config } from '../../../config';
import { finishLogin } from '../../../server/auth/oidc-client';
import { log } from '../../../server/log';
import {
  cookieNames,
  cookieOptions,
  newSession,
  openLogin,
  sealSession,
  SESSION_TTL_SECONDS,
} from '../../../server/session/session';

/**
 * Identity redirects here with `code` and `state`. The login transaction cookie must exist and
 * match; the tokens go into the encrypted session cookie and never into the page or the URL.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const names = cookieNames();
  const transaction = await openLogin(request.cookies.get(names.login)?.value);
  const done = (location: string): NextResponse => {
    const response = NextResponse.redirect(new URL(location, config().WEB_BASE_URL), 303);
    response.cookies.set(names.login, '', cookieOptions(0));
    return response;
  };
  if (!transaction) return done('/?signin=expired');
  try {
    // Rebuilt on the configured base URL: behind a proxy the request's own host may differ.
    const callback = new URL(`${config().redirectUri}${request.nextUrl.search}`);
    const session = newSession(await finishLogin(callback, transaction));
    // A step-up returns to the page that asked for it (checked as a local path at login).
    const response = done(transaction.returnTo ?? '/portal');
    response.cookies.set(
      names.session,
      await sealSession(session),
      cookieOptions(SESSION_TTL_SECONDS),
    );
    log.info('signed in', { sub: session.sub, party: session.party.kind });
    return response;
  } catch (error) {
    log.warn('sign-in refused', error);
    return done('/?signin=failed');
  }
}

export const dynamic = 'force-dynamic';
