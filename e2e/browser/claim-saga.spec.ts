import { expect, test, type Browser, type Page } from '@playwright/test';
import { randomVin } from '@claimguard/testing';
import { openUntilVisible, screenshotPath, personaContext } from './support/web.js';

async function as(browser: Browser, username: string): Promise<Page> {
  const context = await personaContext(browser, username);
  return context.newPage();
}

const status = (page: Page) => page.locator('.section-head [data-status]');

/**
 * The complete claim journey of docs/saga.md in the browser, every persona in their own portal:
 * member → tow operator → shop → member's consent → rental agent → adjuster → shop → adjuster,
 * ending with the member seeing SETTLED on the timeline and the service rep a redacted view.
 */
test('a claim travels from the member to SETTLED through every portal', async ({ browser }) => {
  test.setTimeout(180_000);

  // Member: files the claim (tow, rental, phone for the shop).
  const alice = await as(browser, 'alice');
  // A car of its own: claims refuses a member's second claim for one vehicle and loss date.
  const vin = randomVin('1HGCM');
  await alice.goto('/member/claims/new');
  await alice.getByLabel('VIN').fill(vin);
  await alice.getByLabel('Make').fill('Honda');
  await alice.getByLabel('Model').fill('Accord');
  await alice.getByLabel('Year').fill('2021');
  await alice.getByLabel('Date of the loss').fill(new Date().toISOString().slice(0, 10));
  await alice.getByLabel('Describe what happened').fill('Rear-ended at a red light.');
  await alice.getByLabel('City').fill('Austin');
  await alice.getByLabel('State').selectOption('TX');
  await alice.getByLabel('ZIP code').fill('78701');
  await alice.getByLabel('I need a rental car').check();
  await alice.getByLabel('Phone number (optional)').fill('512-555-0101');
  await alice.getByRole('button', { name: 'File my claim' }).click();
  await expect(alice).toHaveURL(/\/member\/claims\/[0-9a-f-]{36}\?filed=1$/);
  const claimId = /claims\/([0-9a-f-]{36})/.exec(alice.url())![1]!;

  // Tow operator (T-01 serves TX): dispatch, pick up, deliver to shop S-01.
  const dave = await as(browser, 'dave');
  const job = dave.locator(`tr[data-claim-id="${claimId}"] a`);
  await openUntilVisible(dave, '/tow', job);
  await job.click();
  for (const [button, next] of [
    ['Dispatch a truck', 'DISPATCHED'],
    ['Car picked up', 'PICKED_UP'],
  ] as const) {
    await dave.getByRole('button', { name: button }).click();
    await expect(status(dave)).toHaveAttribute('data-status', next);
  }
  await dave.getByLabel('Partner shop').selectOption('S-01');
  await dave.getByRole('button', { name: 'Delivered to the shop' }).click();
  await expect(status(dave)).toHaveAttribute('data-status', 'DELIVERED');
  await dave.screenshot({ path: screenshotPath('tow-operator-job'), fullPage: true });

  // Repair shop S-01: no phone without consent; writes the estimate.
  const frank = await as(browser, 'frank');
  const order = frank.locator(`tr[data-claim-id="${claimId}"] a`);
  await openUntilVisible(frank, '/repair', order);
  await frank.screenshot({ path: screenshotPath('repair-shop-orders'), fullPage: true });
  await order.click();
  await expect(frank).toHaveURL(/\/repair\/orders\/[0-9a-f-]{36}$/);
  const orderUrl = frank.url();
  await expect(frank.getByTestId('member-contact')).toContainText('Not shared');
  await frank.getByLabel('Line 1 description').fill('Rear bumper cover, replace');
  await frank.getByLabel('Line 1 amount in dollars').fill('980.00');
  await frank.getByLabel('Line 2 description').fill('Refinish and blend');
  await frank.getByLabel('Line 2 amount in dollars').fill('400');
  await frank.getByRole('button', { name: 'Submit estimate' }).click();
  await expect(status(frank)).toHaveAttribute('data-status', 'ESTIMATE_SUBMITTED');

  // Member: lets the shop see the phone number; the shop now sees it.
  await openUntilVisible(alice, `/member/claims/${claimId}`, alice.getByTestId('consent'));
  await alice.getByRole('button', { name: 'Let S-01 see my phone number' }).click();
  await expect(alice.getByRole('status')).toContainText('may now see your phone number');
  await frank.goto(orderUrl);
  await expect(frank.getByTestId('member-contact')).toContainText('555-0101');

  // Rental agent: confirms the car.
  const heidi = await as(browser, 'heidi');
  const reservation = heidi.locator(`tr[data-claim-id="${claimId}"]`);
  await openUntilVisible(heidi, '/rental', reservation);
  await reservation.getByRole('button', { name: 'Confirm' }).click();
  await expect(reservation.locator('[data-status]')).toHaveAttribute('data-status', 'CONFIRMED');

  // Adjuster: finds it in the queue, reviews the $1,380.00 estimate, approves it.
  const carol = await as(browser, 'carol');
  const queued = carol.locator(`tr[data-claim-id="${claimId}"] a`);
  await openUntilVisible(carol, '/adjuster', queued);
  await carol.screenshot({ path: screenshotPath('adjuster-queue'), fullPage: true });
  await queued.click();
  await expect(carol.getByTestId('claim-review')).toContainText('Total $1,380.00');
  await expect(carol.getByLabel('Payout (USD)')).toHaveValue('1380.00');
  await carol.getByRole('button', { name: 'Approve the estimate' }).click();
  await expect(status(carol)).toHaveAttribute('data-status', 'APPROVED');
  const reviewUrl = carol.url().split('?')[0]!;

  // Shop: the approval arrives; the repair is reported done.
  const complete = frank.getByRole('button', { name: 'Repair completed' });
  await openUntilVisible(frank, orderUrl, complete);
  await complete.click();
  await expect(status(frank)).toHaveAttribute('data-status', 'COMPLETED');

  // Adjuster: the claim reached REPAIR_COMPLETED; settles it.
  const settle = carol.getByRole('button', { name: 'Settle the claim' });
  await openUntilVisible(carol, reviewUrl, settle);
  await settle.click();
  await expect(status(carol)).toHaveAttribute('data-status', 'SETTLED');

  // Member: SETTLED, and the timeline tells every step from filing to settlement.
  const settled = alice.locator('.timeline li[data-type="ClaimSettled"]');
  await openUntilVisible(alice, `/member/claims/${claimId}`, settled);
  await expect(status(alice)).toHaveAttribute('data-status', 'SETTLED');
  const steps = await alice
    .locator('.timeline li')
    .evaluateAll((items) => items.map((li) => li.getAttribute('data-type')));
  expect(steps[0]).toBe('ClaimFiled');
  for (const type of ['TowJobDispatched', 'VehicleDelivered', 'EstimateSubmitted', 'ClaimApproved'])
    expect(steps).toContain(type);
  await alice.screenshot({ path: screenshotPath('member-claim-timeline'), fullPage: true });

  // Service rep: the status, without personal data.
  const ivan = await as(browser, 'ivan');
  await ivan.goto('/service');
  await ivan.getByLabel('Claim number').fill(claimId);
  await ivan.getByRole('button', { name: 'Look up' }).click();
  const redacted = ivan.getByTestId('redacted-claim');
  await expect(redacted.locator('[data-status]')).toHaveAttribute('data-status', 'SETTLED');
  await expect(redacted).toContainText(`VIN …${vin.slice(-4)}`);
  await expect(ivan.locator('main')).not.toContainText(vin);
  await expect(ivan.locator('main')).not.toContainText('Rear-ended at a red light');
  await ivan.screenshot({ path: screenshotPath('service-rep-lookup'), fullPage: true });
});
