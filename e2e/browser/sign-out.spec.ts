import { expect, test } from '@playwright/test';
import { auditLines } from '../support/audit.js';
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

  // The token was used for the portal a moment ago, so the gateway holds it in its introspection
  // cache (up to 30 s). The promise is that sign-out ends it within about a second: identity's
  // GrantRevoked event makes the gateway drop it. Proven by who refused it — the `revocation`
  // defense's audit line for that very request — not by a clock, which a 30 s cache would pass.
  const began = Date.now();
  let refusal: string | null = null;
  await expect
    .poll(
      async () => {
        const answer = await page.request.get(`${env.gateway}/api/claims`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        refusal = answer.headers()['x-correlation-id'] ?? null;
        return answer.status();
      },
      { timeout: 40_000, intervals: [100] },
    )
    .toBe(401);
  test.info().annotations.push({ type: 'refused after', description: `${Date.now() - began} ms` });
  expect(refusal).not.toBeNull();
  const [line] = await auditLines('gateway', refusal!);
  expect(line).toMatchObject({ action: 'token.rejected', defense: 'revocation' });
});
