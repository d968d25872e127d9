import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  answerIdentityLogin,
  fileClaimThroughForm,
  openUntilVisible,
  personaContext,
  screenshotPath,
} from './support/web.js';

async function as(browser: Browser, username: string): Promise<Page> {
  return (await personaContext(browser, username)).newPage();
}

const status = (page: Page) => page.locator('.section-head [data-status]');

/**
 * A payout over $5,000 needs a recent multi-factor sign-in (claims' rule; the test stack's window is
 * 8 s). The gateway answers RFC 9470's challenge; the web app sends the adjuster to identity to
 * confirm with password and authenticator code, back to the claim, and the approval then passes.
 */
test('approving more than $5,000 asks the adjuster to confirm it is them (step-up)', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const alice = await as(browser, 'alice');
  const claimId = await fileClaimThroughForm(alice);

  const dave = await as(browser, 'dave');
  const job = dave.locator(`tr[data-claim-id="${claimId}"] a`);
  await openUntilVisible(dave, '/tow', job);
  await job.click();
  await dave.getByRole('button', { name: 'Dispatch a truck' }).click();
  await expect(status(dave)).toHaveAttribute('data-status', 'DISPATCHED');
  await dave.getByRole('button', { name: 'Car picked up' }).click();
  await expect(status(dave)).toHaveAttribute('data-status', 'PICKED_UP');
  await dave.getByRole('button', { name: 'Delivered to the shop' }).click();
  await expect(status(dave)).toHaveAttribute('data-status', 'DELIVERED');

  const frank = await as(browser, 'frank');
  const order = frank.locator(`tr[data-claim-id="${claimId}"] a`);
  await openUntilVisible(frank, '/repair', order);
  await order.click();
  await frank.getByLabel('Line 1 description').fill('Frame straightening');
  await frank.getByLabel('Line 1 amount in dollars').fill('4,000');
  await frank.getByLabel('Line 2 description').fill('Quarter panel, replace and refinish');
  await frank.getByLabel('Line 2 amount in dollars').fill('2200.00');
  await frank.getByRole('button', { name: 'Submit estimate' }).click();
  await expect(status(frank)).toHaveAttribute('data-status', 'ESTIMATE_SUBMITTED');

  const carol = await as(browser, 'carol');
  const queued = carol.locator(`tr[data-claim-id="${claimId}"] a`);
  await openUntilVisible(carol, '/adjuster', queued);
  await queued.click();
  await expect(carol.getByTestId('claim-review')).toContainText('Total $6,200.00');
  // Make sure the sign-in is older than the step-up window (8 s in the test stack).
  await carol.waitForTimeout(9_000);
  await carol.getByRole('button', { name: 'Approve the estimate' }).click();

  // The challenge: identity asks for the password and the authenticator code again.
  await answerIdentityLogin(carol, 'carol');
  await expect(carol).toHaveURL(new RegExp(`/adjuster/claims/${claimId}\\?stepup=1$`));
  await expect(carol.getByRole('status')).toContainText('You confirmed it is you');
  await expect(status(carol)).toHaveAttribute('data-status', 'ESTIMATE_SUBMITTED');
  await carol.screenshot({ path: screenshotPath('adjuster-claim-review'), fullPage: true });
  await carol.getByRole('button', { name: 'Approve the estimate' }).click();
  await expect(status(carol)).toHaveAttribute('data-status', 'APPROVED');
  await expect(carol.getByTestId('claim-review')).toContainText('$6,200.00');
});
