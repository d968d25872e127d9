import { expect, test } from '@playwright/test';
import { randomVin } from '@claimguard/testing';
import { screenshotPath, personaContext } from './support/web.js';

/**
 * A member files a claim through the web form (labels, validation), finds it in My claims and on
 * its page, and the tow operator of the loss location's company sees the job in their portal.
 */
test.describe('claim journey in the browser', () => {
  test('alice files a claim with the guided form; dave sees the tow job', async ({ browser }) => {
    const alice = await personaContext(browser, 'alice');
    const page = await alice.newPage();
    // The CSP (nonces, no 'unsafe-inline') must not break the app: no violation, no failed load.
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto('/member');
    await expect(page.getByRole('heading', { name: 'My claims' })).toBeVisible();
    await page.getByRole('link', { name: 'File a claim' }).click();

    // Validation: a wrong VIN and ZIP are explained next to their fields, nothing is filed.
    await page.getByLabel('VIN').fill('NOT-A-VIN-NUMBER!');
    await page.getByLabel('Make').fill('Toyota');
    await page.getByLabel('Model').fill('Camry');
    await page.getByLabel('Year').fill('2019');
    await page.getByLabel('Date of the loss').fill(new Date().toISOString().slice(0, 10));
    await page.getByLabel('Describe what happened').fill('Sideswiped while parked on the street.');
    await page.getByLabel('Street (optional)').fill('1500 Marilla St');
    await page.getByLabel('City').fill('Dallas');
    await page.getByLabel('State').selectOption('TX');
    await page.getByLabel('ZIP code').fill('75201');
    await page.getByLabel('VIN').evaluate((el) => el.removeAttribute('minlength'));
    await page.getByRole('button', { name: 'File my claim' }).click();
    await expect(page.locator('.claim-form [role=alert]')).toContainText(
      'Please correct the highlighted fields',
    );
    await expect(page.getByLabel('VIN')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#claim-vin-error')).toContainText('17-character VIN');
    await expect(page).toHaveURL(/\/member\/claims\/new$/);

    // A car of its own: claims refuses a member's second claim for one vehicle and loss date.
    const vin = randomVin('4T1BF');
    await page.getByLabel('VIN').fill(vin);
    await page.getByRole('button', { name: 'File my claim' }).click();
    await expect(page).toHaveURL(/\/member\/claims\/[0-9a-f-]{36}\?filed=1$/);
    const claimId = /claims\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await expect(page.getByRole('status')).toContainText('Your claim is filed');
    const detail = page.getByTestId('claim-detail');
    await expect(detail).toContainText(claimId);
    await expect(detail).toContainText('1500 Marilla St, Dallas, TX 75201');
    await expect(detail).toContainText(vin);
    await expect(page.locator('[data-status]').first()).toHaveAttribute('data-status', 'FILED');

    await page.getByRole('link', { name: '← My claims' }).click();
    const row = page.locator(`tr[data-claim-id="${claimId}"]`);
    await expect(row).toContainText('2019 Toyota Camry');
    await expect(row).toContainText('Filed');
    await page.screenshot({ path: screenshotPath('member-my-claims'), fullPage: true });
    expect(problems).toEqual([]);
    await alice.close();

    // Dallas, TX is served by tow company T-01 (dave). The job arrives through the broker.
    const dave = await personaContext(browser, 'dave');
    const towPage = await dave.newPage();
    const job = towPage.locator(`tr[data-claim-id="${claimId}"]`);
    await expect(async () => {
      await towPage.goto('/tow');
      await expect(job).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 30_000 });
    await expect(job).toContainText('1500 Marilla St, Dallas, TX 75201');
    await expect(job).toContainText('Assigned to your company');
    await towPage.screenshot({ path: screenshotPath('tow-operator-jobs'), fullPage: true });
    await job.getByRole('link').click();
    await expect(towPage.getByTestId('tow-job-detail')).toContainText(claimId);
    await dave.close();
  });

  test('the landing page offers sign-in to a visitor', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Sign in to ClaimGuard' })).toBeVisible();
    await page.screenshot({ path: screenshotPath('landing'), fullPage: true });
  });
});
