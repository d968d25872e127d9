import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { ACR_VALUES } from '@claimguard/contracts';
import { beginLogin, type StepUpRequest } from '../../../server/auth/oidc-client';
import { safeReturnPath } from '../../../server/auth/return-path';
import { log } from '../../../server/log';
import {
  cookieNames,
  cookieOptions,
  LOGIN_TTL_SECONDS,
  sealLogin,
} from '../../../server/session/session';

/**
 * Starts the authorization code flow: state, nonce and PKCE verifier go into a short-lived
 * encrypted cookie, the browser goes to identity's login page. `?step_up=1` (from a gateway
 * step-up challenge) adds `max_age`/`acr_values` and a local `return` path.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const query = request.nextUrl.searchParams;
  let stepUp: StepUpRequest | undefined;
  let returnTo: string | undefined;
  if (query.get('step_up') === '1') {
    const maxAge = Number(query.get('max_age') ?? '0');
    const acr = query.get('acr_values');
    stepUp = {
      maxAge: Number.isInteger(maxAge) && maxAge >= 0 && maxAge <= 86_400 ? maxAge : 0,
      ...(acr && (ACR_VALUES as readonly string[]).includes(acr) ? { acrValues: acr } : {}),
    };
    returnTo = safeReturnPath(query.get('return'));
  }
  try {
    const { url, transaction } = await beginLogin(stepUp);
    const response = NextResponse.redirect(url, 303);
    response.cookies.set(
      cookieNames().login,
      await sealLogin({ ...transaction, ...(returnTo ? { returnTo } : {}) }),
      cookieOptions(LOGIN_TTL_SECONDS),
    );
    return response;
  } catch (error) {
    log.error('login could not start', error);
    return signInProblem();
  }
}

/** The landing page with a notice, without any detail of what failed. */
function signInProblem(): Response {
  return new Response(null, { status: 303, headers: { location: '/?signin=unavailable' } });
}

export const dynamic = 'force-dynamic';
