/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { env } from '../support/env.js';
import { fileClaimThroughForm, heldTokens, personaContext } from './support/web.js';

/** A JWT (JWS or JWE compact form) anywhere in text. */
const JWT_SHAPED = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/;

/**
 * The BFF keeps every token on the server: the browser sends no Authorization header, and neither
 * script-readable storage nor any response it receives contains a token — checked against the
 * exact tokens the server holds for this browser (decrypted from its session cookie with the key).
 */
test('the browser never sees an access, refresh or ID token', async ({ browser }) => {
  const context = await personaContext(browser, 'alice');
  const page = await context.newPage();
  const authorizationHeaders: string[] = [];
  const bodies: { url: string; text: string }[] = [];
  const pending: Promise<void>[] = [];
  page.on('request', (request) => {
    pending.push(
      request
        .allHeaders()
        // A request still in flight when the context closes (a Next.js prefetch) has no full
        // headers any more: its provisional ones, which hold what a script set, are checked.
        .catch(() => request.headers())
        .then((headers) => {
          if (headers.authorization) authorizationHeaders.push(request.url());
        }),
    );
  });
  page.on('response', (response) => {
    pending.push(
      response
        .text()
        .then((text) => {
          bodies.push({ url: response.url(), text });
        })
        .catch(() => undefined), // redirects have no body
    );
  });

  await page.goto('/member');
  const claimId = await fileClaimThroughForm(page);
  await page.goto('/member');
  await page.goto(`/member/claims/${claimId}`);
  await page.goto('/');
  await Promise.all(pending);

  const held = await heldTokens(context);
  const secrets = [held.accessToken, held.refreshToken, held.idToken].filter(
    (t): t is string => typeof t === 'string',
  );
  expect(held.accessToken.length, 'the server holds an access token').toBeGreaterThan(20);
  expect(secrets.length, 'access, refresh and ID token are held server-side').toBe(3);

  const scriptVisible = await page.evaluate(() => ({
    cookie: document.cookie,
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
  }));
  const webBodies = bodies.filter((b) => b.url.startsWith(env.web));
  expect(webBodies.length, 'responses were captured').toBeGreaterThan(5);
  expect(
    webBodies.some((b) => b.text.includes(claimId)),
    'bodies hold page data',
  ).toBe(true);

  expect(authorizationHeaders).toEqual([]);
  for (const [where, text] of Object.entries(scriptVisible)) {
    expect(text, `${where} is JWT-free`).not.toMatch(JWT_SHAPED);
    for (const secret of secrets)
      expect(text.includes(secret), `${where} holds a token`).toBe(false);
  }
  for (const { url, text } of bodies) {
    expect(text, `${url} is JWT-free`).not.toMatch(JWT_SHAPED);
    for (const secret of secrets) expect(text.includes(secret), `${url} holds a token`).toBe(false);
  }

  const session = (await context.cookies(env.web)).find((c) => c.name.endsWith('cg_session'))!;
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  expect(scriptVisible.cookie).not.toContain('cg_session');
  await context.close();
});
