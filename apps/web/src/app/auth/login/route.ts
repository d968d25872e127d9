import { NextResponse } from 'next/server';
import { beginLogin } from '../../../server/auth/oidc-client';
import { log } from '../../../server/log';
import {
  cookieNames,
  cookieOptions,
  LOGIN_TTL_SECONDS,
  sealLogin,
} from '../../../server/session/session';

/**
 * Starts the authorization code flow: state, nonce and PKCE verifier go into a short-lived
 * encrypted cookie, the browser goes to identity's login page.
 */
export async function GET(): Promise<Response> {
  try {
    const { url, transaction } = await beginLogin();
    const response = NextResponse.redirect(url, 303);
    response.cookies.set(
      cookieNames().login,
      await sealLogin(transaction),
      cookieOptions(LOGIN_TTL_SECONDS),
    );
    return response;
  } catch (error) {
    log.error('login could not start', error);
    return signInProblem();
  }
}

/** The landing page with a notice, without any detail of what failed. */
export function signInProblem(): Response {
  return new Response(null, { status: 303, headers: { location: '/?signin=unavailable' } });
}

export const dynamic = 'force-dynamic';
