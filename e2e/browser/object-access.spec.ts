import { expect, test } from '@playwright/test';
import { fileClaimThroughForm, screenshotPath, personaContext } from './support/web.js';

/** The web shows the gateway's 404 and 403 as such, never someone else's data. */
test.describe('object and portal access in the browser', () => {
  test("bob opening alice's claim URL gets the not-found page", async ({ browser }) => {
    const alice = await personaContext(browser, 'alice');
    const alicePage = await alice.newPage();
    const href = `/member/claims/${await fileClaimThroughForm(alicePage)}`;
    const own = await alicePage.goto(href);
    expect(own?.status()).toBe(200);
    await expect(alicePage.getByTestId('claim-detail')).toBeVisible();
    await alice.close();

    const bob = await personaContext(browser, 'bob');
    const page = await bob.newPage();
    const response = await page.goto(href);
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
    await expect(page.getByTestId('claim-detail')).toHaveCount(0);
    await bob.close();
  });

  test("a member opening the tow operators' portal gets the forbidden page", async ({
    browser,
  }) => {
    const bob = await personaContext(browser, 'bob');
    const page = await bob.newPage();
    const response = await page.goto('/tow');
    expect(response?.status()).toBe(403);
    await expect(page.getByTestId('forbidden')).toBeVisible();
    await page.goto('/member');
    await page.screenshot({ path: screenshotPath('member-bob-my-claims'), fullPage: true });
    await bob.close();
  });
});
