import { CORRELATION_HEADER } from '@claimguard/contracts';
import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { config } from '../../../config';
import { finishLogin, finishUnboundLogin } from '../../../server/auth/oidc-client';
import { oauthStateIsOff } from '../../../server/auth/oauth-state-switch';
import { gateway } from '../../../server/gateway/gateway-client';
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
 * match (defense `oauth-state`): a response this browser did not ask for is refused, so nobody can
 * sign a victim's browser into their own account with a link (login CSRF). The tokens go into the
 * encrypted session cookie and never into the page or the URL.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const names = cookieNames();
  const transaction = await openLogin(request.cookies.get(names.login)?.value);
  const done = (location: string): NextResponse => {
    const response = NextResponse.redirect(new URL(location, config().WEB_BASE_URL), 303);
    response.cookies.set(names.login, '', cookieOptions(0));
    return response;
  };
  if (!transaction) {
    if (await oauthStateIsOff(config().TRAINING_MODE, () => gateway(undefined).defenses())) {
      return unboundLogin(request, done);
    }
    // A reference the audit line and the answer share: a browser redirect has no other link.
    const correlationId = crypto.randomUUID();
    log.warn('sign-in refused: no login transaction in this browser', {
      audit: true,
      action: 'authn.failure',
      defense: 'oauth-state',
      correlationId,
    });
    const refused = done('/?signin=expired');
    refused.headers.set(CORRELATION_HEADER, correlationId);
    return refused;
  }
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

/** TRAINING ONLY: finishes a login this browser never started, and says so in the log. */
async function unboundLogin(
  request: NextRequest,
  done: (location: string) => NextResponse,
): Promise<Response> {
  try {
    const callback = new URL(`${config().redirectUri}${request.nextUrl.search}`);
    const session = newSession(await finishUnboundLogin(callback));
    log.warn('training mode: finished a login this browser did not start', {
      audit: true,
      action: 'defense.off',
      defense: 'oauth-state',
      sub: session.sub,
      party: session.party,
    });
    const response = done('/portal');
    response.cookies.set(
      cookieNames().session,
      await sealSession(session),
      cookieOptions(SESSION_TTL_SECONDS),
    );
    return response;
  } catch (error) {
    log.warn('sign-in refused', error);
    return done('/?signin=failed');
  }
}

export const dynamic = 'force-dynamic';
