import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { test as setup } from '@playwright/test';
import { signInThroughBrowser, storageStateOf } from './support/web.js';

/** Personas the browser tests act as; each signs in once through the real login page. */
export const BROWSER_PERSONAS = [
  'alice',
  'bob',
  'carol',
  'ivan',
  'dave',
  'frank',
  'heidi',
] as const;

for (const username of BROWSER_PERSONAS) {
  setup(`${username} signs in through the web app`, async ({ page }) => {
    // An MFA persona may wait for a fresh TOTP step when other tests just spent the current one.
    setup.setTimeout(120_000);
    await signInThroughBrowser(page, username);
    mkdirSync(dirname(storageStateOf(username)), { recursive: true });
    await page.context().storageState({ path: storageStateOf(username) });
  });
}
