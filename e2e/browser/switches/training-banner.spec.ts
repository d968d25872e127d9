import { expect, test } from '@playwright/test';
import type { DefensesReport } from '@claimguard/contracts';
import { call } from '../support/api.js';
import { screenshotPath } from './support/web.js';

/**
 * Every page shows a red banner naming each defense that is off, and none while all are on. Runs
 * in both phases of scripts/e2e.mjs, so it is proven both ways.
 */
test('the training banner names every defense that is off, on every page', async ({ page }) => {
  const report = await call<DefensesReport>('GET', '/api/_meta/defenses');
  expect(report.status).toBe(200);
  const banner = page.getByTestId('training-banner');
  for (const path of ['/', '/no-such-page', '/?signin=expired']) {
    await page.goto(path);
    if (report.body.off.length === 0) {
      await expect(banner).toHaveCount(0);
    } else {
      await expect(banner).toBeVisible();
      for (const id of report.body.off) await expect(banner).toContainText(id);
    }
  }
  await page.goto('/');
  await page.screenshot({ path: screenshotPath(`landing-${report.body.mode}`) });
});
