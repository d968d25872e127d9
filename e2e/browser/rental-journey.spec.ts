import { expect, test } from '@playwright/test';
import { claimFormFields, screenshotPath, personaContext } from './support/web.js';

/**
 * A member who asks for a rental car sees the reservation on the claim; the rental agency that
 * serves the state (R-01 serves TX) confirms it in its portal, and the member sees it confirmed.
 */
test('alice asks for a rental car; heidi confirms it; alice sees it confirmed', async ({
  browser,
}) => {
  const alice = await personaContext(browser, 'alice');
  const page = await alice.newPage();
  const fields = claimFormFields({ city: 'Houston', postalCode: '77002' });
  await page.goto('/member/claims/new');
  await page.getByLabel('VIN').fill(fields.vin!);
  await page.getByLabel('Make').fill('Ford');
  await page.getByLabel('Model').fill('Focus');
  await page.getByLabel('Year').fill('2018');
  await page.getByLabel('Date of the loss').fill(fields.lossDate!);
  await page.getByLabel('Describe what happened').fill('Hail damage; the windshield is cracked.');
  await page.getByLabel('City').fill(fields.city!);
  await page.getByLabel('State').selectOption('TX');
  await page.getByLabel('ZIP code').fill(fields.postalCode!);
  await page.getByLabel('My car needs a tow').uncheck();
  await page.getByLabel('I need a rental car').check();
  await page.getByRole('button', { name: 'File my claim' }).click();
  await expect(page).toHaveURL(/\/member\/claims\/[0-9a-f-]{36}\?filed=1$/);
  const claimId = /claims\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await expect(page.getByRole('heading', { name: 'Rental car' })).toBeVisible();

  const heidi = await personaContext(browser, 'heidi');
  const rentalPage = await heidi.newPage();
  const row = rentalPage.locator(`tr[data-claim-id="${claimId}"]`);
  await expect(async () => {
    await rentalPage.goto('/rental');
    await expect(row).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 30_000 });
  await expect(row).toContainText('Houston, TX');
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'REQUESTED');
  await rentalPage.screenshot({
    path: screenshotPath('rental-agent-reservations'),
    fullPage: true,
  });

  // CSRF: the same Server Action posted from another site, without the token, confirms nothing.
  const reservationId = (await row.getAttribute('data-reservation-id'))!;
  const html = await rentalPage.content();
  const actionFields: Record<string, string> = {};
  for (const [input] of html.matchAll(/<input type="hidden" name="\$ACTION_ID_[^"]*"[^>]*>/g)) {
    actionFields[/name="([^"]*)"/.exec(input)![1]!] = '';
  }
  expect(Object.keys(actionFields), 'the form carries its Server Action id').toHaveLength(1);
  const forged = await heidi.request.post('/rental', {
    headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    multipart: { ...actionFields, reservationId },
    maxRedirects: 0,
  });
  expect(forged.headers().location ?? '').not.toContain('confirmed=');
  await rentalPage.reload();
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'REQUESTED');

  await row.getByRole('button', { name: 'Confirm' }).click();
  await expect(rentalPage.getByRole('status')).toContainText('Reservation confirmed');
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'CONFIRMED');
  await expect(row.getByRole('button', { name: 'Confirm' })).toHaveCount(0);
  await heidi.close();

  await page.goto(`/member/claims/${claimId}`);
  const rental = page.locator(`[data-testid="rentals"] [data-claim-id="${claimId}"]`);
  await expect(rental.locator('[data-status]')).toHaveAttribute('data-status', 'CONFIRMED');
  await expect(rental).toContainText('agency R-01');
  await alice.close();
});
