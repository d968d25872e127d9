import { expect, test, type APIRequestContext } from '@playwright/test';
import { env } from '../support/env.js';
import { claimFormFields, heldTokens, serverActionFields, personaContext } from './support/web.js';

/**
 * Cross-site request forgery: a page on another site makes the victim's browser post to the web
 * app. Both state-changing requests (filing a claim, signing out) require this app's Origin and the
 * session's synchronizer token. The same request with both passes (so the forged ones are refused
 * for those reasons and for nothing else).
 */
test.describe('CSRF protection', () => {
  /** Whether alice's list shows a claim for the vehicle model `marker` (unique per attempt). */
  async function listed(request: APIRequestContext, marker: string): Promise<boolean> {
    return (await (await request.get('/member')).text()).includes(marker);
  }

  async function postClaimForm(
    request: APIRequestContext,
    origin: string,
    csrf: string | undefined,
    model: string,
  ) {
    const page = await (await request.get('/member/claims/new')).text();
    const action = serverActionFields(page);
    expect(Object.keys(action).length, 'the form carries its Server Action fields').toBeGreaterThan(
      1,
    );
    return request.post('/member/claims/new', {
      headers: { origin, 'sec-fetch-site': origin === env.web ? 'same-origin' : 'cross-site' },
      multipart: { ...action, ...claimFormFields({ model }), ...(csrf ? { csrf } : {}) },
      maxRedirects: 0,
    });
  }

  test('a forged cross-site claim form post files nothing', async ({ browser }) => {
    const context = await personaContext(browser, 'alice');
    // Other tests file alice's claims at the same time: each attempt is told apart by its model.
    const run = Date.now().toString(36);
    const forged = await postClaimForm(
      context.request,
      'https://evil.example',
      undefined,
      `X${run}`,
    );
    expect(forged.status()).not.toBe(303);
    const sameOriginNoToken = await postClaimForm(context.request, env.web, undefined, `Y${run}`);
    expect(sameOriginNoToken.status()).not.toBe(303);
    expect(await sameOriginNoToken.text()).toContain('This form could not be accepted');
    expect(await listed(context.request, `X${run}`)).toBe(false);
    expect(await listed(context.request, `Y${run}`)).toBe(false);

    // Control: the very same post from this site with the token files the claim.
    const { csrfToken } = await heldTokens(context);
    const genuine = await postClaimForm(context.request, env.web, csrfToken, `Z${run}`);
    expect(genuine.status()).toBe(303);
    expect(genuine.headers().location).toMatch(/\/member\/claims\/[0-9a-f-]{36}\?filed=1$/);
    expect(await listed(context.request, `Z${run}`)).toBe(true);
    await context.close();
  });

  test('a forged sign-out is refused and the session survives', async ({ browser }) => {
    const context = await personaContext(browser, 'bob');
    const { csrfToken } = await heldTokens(context);
    const crossSite = await context.request.post('/auth/logout', {
      headers: { origin: 'https://evil.example' },
      form: { csrf: csrfToken },
      maxRedirects: 0,
    });
    expect(crossSite.status()).toBe(403);
    const noToken = await context.request.post('/auth/logout', {
      headers: { origin: env.web },
      form: {},
      maxRedirects: 0,
    });
    expect(noToken.status()).toBe(403);
    const stillIn = await context.request.get('/member', { maxRedirects: 0 });
    expect(stillIn.status()).toBe(200);
    await context.close();
  });
});
