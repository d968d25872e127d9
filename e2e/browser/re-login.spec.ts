import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { env } from '../support/env.js';
import { heldTokens, signInThroughBrowser } from './support/web.js';

/**
 * When the gateway stops accepting the session's access token (here: its grant is revoked at
 * identity behind the web app's back), the next page sends the browser through sign-in again
 * instead of showing stale data or an error; identity's own session makes it seamless.
 */
test('a token the gateway refuses (401) leads to a new sign-in, not an error', async ({ page }) => {
  test.setTimeout(90_000);
  await signInThroughBrowser(page, 'bob');
  const before = await heldTokens(page.context());

  // Revoke the grant at identity as the web client would (RFC 7009), outside the web app.
  const { webClientSecret } = JSON.parse(
    readFileSync(join(env.keysDir, 'stack-secrets.json'), 'utf8'),
  ) as { webClientSecret: string };
  const discovery = (await (
    await page.request.get(`${env.identity}/.well-known/openid-configuration`)
  ).json()) as { revocation_endpoint: string };
  const revoked = await page.request.post(discovery.revocation_endpoint, {
    headers: {
      authorization: `Basic ${Buffer.from(`claimguard-web:${webClientSecret}`).toString('base64')}`,
    },
    form: { token: before.refreshToken!, token_type_hint: 'refresh_token' },
  });
  expect(revoked.status()).toBe(200);

  // The gateway notices within its introspection cache lifetime; the page then signs in anew.
  await expect
    .poll(
      async () => {
        await page.goto('/member');
        return (await heldTokens(page.context())).accessToken;
      },
      { timeout: 60_000, intervals: [2000] },
    )
    .not.toBe(before.accessToken);
  await expect(page).toHaveURL(`${env.web}/member`);
  await expect(page.getByRole('heading', { name: 'My claims' })).toBeVisible();
});
