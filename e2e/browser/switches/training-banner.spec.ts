import { expect, test } from '@playwright/test';
import { setDefense } from '../../support/switches.js';
import { screenshotPath } from '../support/web.js';

/**
 * Every page shows a red banner naming each defense that is off, and none while all are on. The
 * switches are flipped at runtime through the instructor's console API; the web app reads the
 * gateway's report on every page, so the banner follows without a restart.
 */
test('the training banner names every defense that is off, on every page, and goes when they are back on', async ({
  page,
}) => {
  const banner = page.getByTestId('training-banner');
  const pages = ['/', '/no-such-page', '/?signin=expired'];
  for (const path of pages) {
    await page.goto(path);
    await expect(banner).toHaveCount(0);
  }
  try {
    await setDefense('consent', false);
    await setDefense('bola', false);
    for (const path of pages) {
      await page.goto(path);
      await expect(banner).toBeVisible();
      await expect(banner).toContainText('bola');
      await expect(banner).toContainText('consent');
    }
    await page.goto('/');
    await page.screenshot({ path: screenshotPath('landing-training') });
  } finally {
    await setDefense('bola', true);
    await setDefense('consent', true);
  }
  await page.goto('/');
  await expect(banner).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('landing-secure') });
});
