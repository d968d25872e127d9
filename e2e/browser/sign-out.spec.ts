import { expect, test } from '@playwright/test';
import { env } from '../support/env.js';
import { heldTokens, signInThroughBrowser } from './support/web.js';

/**
 * Signing out revokes at identity: after it, the access token the BFF held is refused by the
 * gateway, and the browser is back on the landing page without a session.
 */
test('signing out revokes the tokens at identity and ends the session', async ({ page }) => {
  test.setTimeout(90_000);
  await signInThroughBrowser(page, 'bob');
  const { accessToken } = await heldTokens(page.context());

  await page.getByRole('button', { name: 'Sign out' }).click();
  // identity's RP-initiated logout asks for confirmation, then returns to the home page.
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(`${env.web}/`);
  await expect(page.getByRole('link', { name: 'Sign in to ClaimGuard' })).toBeVisible();
  expect((await page.context().cookies(env.web)).map((c) => c.name)).not.toContain('cg_session');

  // The gateway may answer from its introspection cache for at most its cache lifetime (30 s).
  await expect
    .poll(
      async () =>
        (
          await page.request.get(`${env.gateway}/api/claims`, {
            headers: { authorization: `Bearer ${accessToken}` },
          })
        ).status(),
      { timeout: 40_000, intervals: [1000] },
    )
    .toBe(401);
});
