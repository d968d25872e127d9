import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { nextTotpCode, randomVin } from '@claimguard/testing';
import { jwtDecrypt } from 'jose';
import { env } from '../../support/env.js';
import { persona } from '../../support/personas.js';

/** Where the setup project keeps each persona's signed-in browser state. */
export function storageStateOf(username: string): string {
  return join(import.meta.dirname, '../../.artifacts/auth', `${username}.json`);
}

/**
 * A stored sign-in is reused only this long. Every context made from it carries the same refresh
 * token; once the access token nears expiry (300 s in the test stack) the first context rotates
 * it, and identity revokes the whole grant when another context later sends the old one (refresh
 * token reuse). Past this age a context signs in afresh instead.
 */
const STORED_SIGN_IN_MAX_AGE_MS = 120_000;

/**
 * A browser context signed in as `username`: the setup project's stored state while it is fresh,
 * else a new sign-in through the login page.
 */
export async function personaContext(browser: Browser, username: string): Promise<BrowserContext> {
  const file = storageStateOf(username);
  if (Date.now() - statSync(file).mtimeMs < STORED_SIGN_IN_MAX_AGE_MS) {
    return browser.newContext({ storageState: file });
  }
  const context = await browser.newContext();
  await signInThroughBrowser(await context.newPage(), username);
  return context;
}

/** Where screenshots of the portals are kept as test artifacts. */
export function screenshotPath(name: string): string {
  return join(import.meta.dirname, '../../.artifacts/screenshots', `${name}.png`);
}

/**
 * Signs `username` in through the web app and identity's real login page, as a person would:
 * landing page → Sign in → identity's form → back on the portal.
 */
export async function signInThroughBrowser(page: Page, username: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in to ClaimGuard' }).click();
  await answerIdentityLogin(page, username);
  await expect(page.getByTestId('signed-in-as')).toContainText(persona(username).party.id);
}

/**
 * On identity's login page: the password, then — for MFA personas (carol, olga) — the
 * authenticator's code, until the browser is back on the web app. A code is accepted once and
 * another test process may have spent this one: a refused code is retried with a later step.
 */
export async function answerIdentityLogin(page: Page, username: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${env.identity}/`));
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(persona(username).password);
  await page.locator('button[type="submit"]').first().click();
  const totpSecret = persona(username).totpSecret;
  if (totpSecret) {
    const code = page.locator('input[name="code"]');
    for (let attempt = 0; attempt < 3; attempt++) {
      await code.fill(await nextTotpCode(totpSecret, env.identity));
      await page.locator('button[type="submit"]').first().click();
      const back = await page
        .waitForURL((url) => url.href.startsWith(env.web), { timeout: 30_000 })
        .then(
          () => true,
          () => false,
        );
      if (back) break;
    }
  }
  await expect(page).toHaveURL(new RegExp(`^${env.web}/`));
}

/** The tokens the BFF holds for a browser, read by decrypting its session cookie with the key. */
export interface HeldTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  csrfToken: string;
}

/**
 * Decrypts the browser's session cookie with the web app's key (from the stack's key folder), so a
 * test knows the exact tokens that must never reach the browser.
 */
export async function heldTokens(context: BrowserContext): Promise<HeldTokens> {
  const cookie = (await context.cookies(env.web)).find((c) => c.name.endsWith('cg_session'));
  if (!cookie) throw new Error('the browser holds no session cookie');
  const key = Buffer.from(
    readFileSync(join(env.keysDir, 'web-session.key'), 'utf8').trim(),
    'base64url',
  );
  const { payload } = await jwtDecrypt(cookie.value, new Uint8Array(key), { audience: 'session' });
  return payload as unknown as HeldTokens;
}

/**
 * Reads the page's form fields of the claim form's Server Action (Next.js renders them for
 * submission without JavaScript), as an attacker's copy of the form would.
 */
export function serverActionFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [input] of html.matchAll(/<input type="hidden" name="\$ACTION[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    const value = /value="([^"]*)"/.exec(input)?.[1] ?? '';
    if (name) fields[name] = value.replaceAll('&quot;', '"').replaceAll('&amp;', '&');
  }
  return fields;
}

/** The claim form's fields, filled with a valid claim (another car each time: one loss, one claim). */
export function claimFormFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    vin: randomVin('4S4BS'),
    make: 'Subaru',
    model: 'Outback',
    year: '2020',
    lossDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    street: '',
    city: 'Austin',
    state: 'TX',
    postalCode: '78701',
    description: 'Hit a deer on the highway; the hood is bent.',
    needsTow: 'on',
    ...overrides,
  };
}

/** Files a valid claim through the member's form and returns its id (the page ends on it). */
export async function fileClaimThroughForm(page: Page): Promise<string> {
  const fields = claimFormFields();
  await page.goto('/member/claims/new');
  await page.getByLabel('VIN').fill(fields.vin!);
  await page.getByLabel('Make').fill(fields.make!);
  await page.getByLabel('Model').fill(fields.model!);
  await page.getByLabel('Year').fill(fields.year!);
  await page.getByLabel('Date of the loss').fill(fields.lossDate!);
  await page.getByLabel('Describe what happened').fill(fields.description!);
  await page.getByLabel('City').fill(fields.city!);
  await page.getByLabel('State').selectOption(fields.state!);
  await page.getByLabel('ZIP code').fill(fields.postalCode!);
  await page.getByRole('button', { name: 'File my claim' }).click();
  await expect(page).toHaveURL(/\/member\/claims\/[0-9a-f-]{36}\?filed=1$/);
  return /claims\/([0-9a-f-]{36})/.exec(page.url())![1]!;
}

/**
 * Opens `path` until `locator` shows (another service's event has to arrive first); fails after
 * `timeoutMs`.
 */
export async function openUntilVisible(
  page: Page,
  path: string,
  locator: ReturnType<Page['locator']>,
  timeoutMs = 30_000,
): Promise<void> {
  await expect(async () => {
    await page.goto(path);
    await expect(locator).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: timeoutMs });
}
