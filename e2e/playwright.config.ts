import { defineConfig, type Project } from '@playwright/test';

/**
 * The e2e suite drives a real stack that `scripts/e2e.mjs` starts (test profile) and describes in
 * CG_* environment variables. API tests use Playwright's runner without a browser.
 */
const mode = process.env.CG_MODE ?? 'secure';

/**
 * Browser tests drive the web app in the machine's Chromium (never a downloaded browser), headless,
 * with nothing that phones home.
 */
const chromium: Project['use'] = {
  browserName: 'chromium',
  baseURL: process.env.CG_WEB_URL,
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  },
};

export default defineConfig({
  testDir: '.',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  outputDir: `.artifacts/test-results-${mode}`,
  reporter: [['list'], ['json', { outputFile: `.artifacts/results-${mode}.json` }]],
  projects: [
    { name: 'journeys', testMatch: 'journeys/**/*.spec.ts' },
    { name: 'attacks', testMatch: 'attacks/**/*.spec.ts' },
    // The web app in a browser: each persona signs in once through the real login page (setup).
    // Secure phase only: in training they are empty, so `--project browser` selects nothing there.
    {
      name: 'browser-setup',
      testMatch: 'browser/**/*.setup.ts',
      ...(mode === 'training' ? { testIgnore: '**/*' } : {}),
      use: chromium,
    },
    {
      name: 'browser',
      testMatch: 'browser/**/*.spec.ts',
      testIgnore: mode === 'training' ? '**/*' : 'browser/training-banner.spec.ts',
      dependencies: ['browser-setup'],
      use: chromium,
    },
    // Both phases: no banner while every defense is on, a banner naming each one that is off.
    { name: 'browser-banner', testMatch: 'browser/training-banner.spec.ts', use: chromium },
    // Runs after the others, over the logs they made every app write.
    {
      name: 'logs',
      testMatch: 'logs/**/*.spec.ts',
      dependencies:
        mode === 'training'
          ? ['attacks', 'browser-banner']
          : ['journeys', 'attacks', 'browser', 'browser-banner'],
    },
  ],
});
