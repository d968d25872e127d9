import { authorize } from '@claimguard/testing';
import { attack } from '../support/attack.js';
import { env } from '../support/env.js';
import { persona, signInSource } from '../support/personas.js';

/**
 * Login CSRF against the web app (the BFF). bob, the attacker, starts an authorization request of
 * the web client himself, signs in as bob, and stops at the redirect: the callback link carries a
 * code for HIS account. He sends it to alice (a chat message, an <img> on a page). If the web app
 * finished any authorization response, alice's browser would be signed in as bob — and whatever
 * she files or uploads next lands in his account.
 *
 * Defense `oauth-state`: the callback finishes only a login this browser started (the login
 * transaction cookie: state, PKCE verifier, nonce); a browser with none is sent back to the start
 * and the web app logs the refusal. The code is also bound by PKCE, which by itself already
 * defeats this link (the victim's browser has no verifier for it): `pkce` is off for both runs so
 * that the web app's own check is what decides (API2-OAUTH-PKCE-001 proves PKCE alone).
 */
attack(
  {
    id: 'API2-OAUTH-STATE-001',
    title:
      "login CSRF: the attacker's own callback link signs the victim's browser in as the attacker",
    defense: 'oauth-state',
    owasp: 'API2:2023 Broken Authentication',
    cwe: 'CWE-352',
    asvs: 'V4.2.2',
    blocked: '303 to /?signin=expired and no session cookie (this browser started no login)',
    gain: "alice's browser session is signed in as bob: the member portal, re-read with that session cookie, names bob and his party id",
    auditedBy: 'web',
    auditAction: 'authn.failure',
    alsoOff: ['pkce'],
    scoreboardBlindSpot:
      'the web app reads the switch from the gateway but has no switchboard link to report its training-path uses',
  },
  async () => {
    const bob = persona('bob');
    const callback = `${env.web}/auth/callback`;
    const outcome = await authorize({
      issuer: env.identity,
      clientId: 'claimguard-web',
      redirectUri: callback,
      username: bob.username,
      password: bob.password,
      scope: 'openid profile claims:read',
      withoutPkce: true,
      source: signInSource(),
    });
    if (outcome.kind !== 'code') {
      return {
        outcome: 'inconclusive',
        status: 'status' in outcome ? outcome.status : 0,
        evidence: `bob could not get a code for the web client: ${outcome.kind}`,
      };
    }
    // alice's browser, which never started a login here, opens bob's link.
    const landed = await fetch(outcome.redirect, { redirect: 'manual' });
    const location = landed.headers.get('location') ?? '';
    const session = landed.headers
      .getSetCookie()
      .find((c) => /^cg_session=[^;]+/.test(c) && !c.startsWith('cg_session=;'));
    if (!session) {
      if (landed.status === 303 && location.includes('signin=expired')) {
        return {
          outcome: 'blocked',
          status: 303,
          correlationId: landed.headers.get('x-correlation-id'),
          evidence: 'a browser that started no login was sent back to sign in; no session',
        };
      }
      return {
        outcome: 'inconclusive',
        status: landed.status,
        evidence: `no session, ${location}`,
      };
    }
    // bob is a member: his portal's header names who the browser is signed in as.
    const page = await fetch(`${env.web}/member`, {
      headers: { cookie: session.split(';')[0]! },
      redirect: 'manual',
    });
    const html = await page.text();
    if (page.status === 200 && html.includes(bob.name) && html.includes(bob.party.id)) {
      return {
        outcome: 'succeeded',
        status: 200,
        evidence: `alice's browser is now signed in as ${bob.name} (${bob.party.id})`,
      };
    }
    return {
      outcome: 'inconclusive',
      status: page.status,
      evidence: `a session cookie was set, but the member portal does not show bob (${page.status})`,
    };
  },
);
