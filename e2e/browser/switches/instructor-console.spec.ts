import { expect, test, type Page } from '@playwright/test';
import { setDefense } from '../../support/switches.js';
import { personaContext, screenshotPath, signInThroughBrowser } from '../support/web.js';

/**
 * The instructor's training console in the web app: olga signs in (password and authenticator
 * code) and lands on it, flips a defense off and on with its button, and the red training banner
 * follows. Nobody else may open it.
 */
test('the instructor turns consent off and on from the console, and the training banner follows', async ({
  browser,
}) => {
  // olga's authenticator code may have to wait for a fresh TOTP step.
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  const banner = page.getByTestId('training-banner');
  const consent = page.getByTestId('defense-consent');
  try {
    await signInThroughBrowser(page, 'olga');
    await expect(page).toHaveURL(/\/instructor$/);
    await expect(page.getByTestId('nav-instructor')).toBeVisible();
    await expect(page.getByTestId('convergence')).toContainText(/Applied by \d+\/\d+ processes/);
    await expect(page.getByTestId('workshop-reset')).toContainText('Reset workshop');
    await expect(consent).toHaveAttribute('data-on', 'true');
    await expect(banner).toHaveCount(0);
    // A defense without a training path has no switch.
    await expect(page.getByTestId('defense-log-redaction')).toContainText('Always on');

    await consent.getByRole('button', { name: 'Turn off consent' }).click();
    await expect(page).toHaveURL(/\/instructor\?done=consent-off$/);
    await expect(page.getByRole('status')).toContainText('consent');
    await expect(consent).toHaveAttribute('data-on', 'false');
    await reloadUntil(page, async () => {
      await expect(banner).toBeVisible({ timeout: 500 });
      await expect(banner).toContainText('consent', { timeout: 500 });
      // Every process runs with the flip within a second or two.
      await expect(page.getByTestId('convergence')).toHaveAttribute('data-converged', 'true', {
        timeout: 500,
      });
    });
    await page.screenshot({
      path: screenshotPath('instructor-console-consent-off'),
      fullPage: true,
    });

    await consent.getByRole('button', { name: 'Turn on consent' }).click();
    await expect(page).toHaveURL(/\/instructor\?done=consent-on$/);
    await expect(consent).toHaveAttribute('data-on', 'true');
    await reloadUntil(page, () => expect(banner).toHaveCount(0, { timeout: 500 }));
    await page.screenshot({ path: screenshotPath('instructor-console'), fullPage: true });
  } finally {
    // Whatever happened above, the next tests find every switch on.
    await setDefense('consent', true);
    await context.close();
  }
});

test('a member opening the training console gets the forbidden page', async ({ browser }) => {
  const context = await personaContext(browser, 'alice');
  const page = await context.newPage();
  try {
    await page.goto('/instructor');
    await expect(page.getByTestId('forbidden')).toBeVisible();
    await expect(page.getByTestId('training-console')).toHaveCount(0);
    await expect(page.getByTestId('nav-instructor')).toHaveCount(0);
  } finally {
    await context.close();
  }
});

/** Opens the console afresh until `check` passes: every process follows a flip within seconds. */
async function reloadUntil(page: Page, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.goto('/instructor');
    await check();
  }).toPass({ timeout: 30_000 });
}
