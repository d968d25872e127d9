import { expect, test, type Page } from '@playwright/test';
import { setDefense } from '../../support/switches.js';
import { screenshotPath } from '../support/web.js';

/**
 * Every page shows a red banner naming each defense that is off, and none while all are on. The
 * switches are flipped at runtime through the instructor's console API; the web app reads the
 * gateway's report at most every two seconds (a cache: page loads do not each call the gateway), so
 * the banner follows without a restart — the test reloads until it has.
 */
test('the training banner names every defense that is off, on every page, and goes when they are back on', async ({
  page,
}) => {
  const banner = page.getByTestId('training-banner');
  const pages = ['/', '/no-such-page', '/?signin=expired'];
  for (const path of pages) {
    await reloadUntil(page, path, () => expect(banner).toHaveCount(0, { timeout: 500 }));
  }
  try {
    await setDefense('consent', false);
    await setDefense('bola', false);
    for (const path of pages) {
      await reloadUntil(page, path, async () => {
        await expect(banner).toBeVisible({ timeout: 500 });
        await expect(banner).toContainText('bola', { timeout: 500 });
        await expect(banner).toContainText('consent', { timeout: 500 });
      });
    }
    await page.goto('/');
    await page.screenshot({ path: screenshotPath('landing-training') });
  } finally {
    await setDefense('bola', true);
    await setDefense('consent', true);
  }
  await reloadUntil(page, '/', () => expect(banner).toHaveCount(0, { timeout: 500 }));
  await page.screenshot({ path: screenshotPath('landing-secure') });
});

/** Opens `path` until `check` passes: the banner's report may be up to two seconds old. */
async function reloadUntil(page: Page, path: string, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.goto(path);
    await check();
  }).toPass({ timeout: 30_000 });
}
