import { defineConfig, type Project } from '@playwright/test';

/**
 * The e2e suite drives a real stack that `scripts/e2e.mjs` starts (test profile) and describes in
 * CG_* environment variables. API tests use Playwright's runner without a browser.
 */
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
  timeout: 120_000,
  outputDir: '.artifacts/test-results',
  reporter: [
    ['list'],
    // scripts/e2e.mjs runs the log checks in a second invocation with a results file of its own.
    ['json', { outputFile: process.env.CG_RESULTS_FILE ?? '.artifacts/results.json' }],
    // The attack/defense report: JSON and HTML, each scenario with its mapping and evidence.
    ['./support/attack-reporter.ts', { outputDir: '.artifacts' }],
  ],
  projects: [
    // Phase 1, in parallel, every defense on: journeys and the web app in a browser (each persona
    // signs in once through the real login page: the setup project).
    { name: 'journeys', testMatch: 'journeys/**/*.spec.ts' },
    { name: 'browser-setup', testMatch: 'browser/**/*.setup.ts', use: chromium },
    {
      name: 'browser',
      testMatch: 'browser/**/*.spec.ts',
      testIgnore: 'browser/switches/**',
      dependencies: ['browser-setup'],
      use: chromium,
    },
    // Phase 2, one test at a time: these flip the stack's shared training switches at runtime.
    {
      name: 'browser-switches',
      testMatch: 'browser/switches/**/*.spec.ts',
      dependencies: ['journeys', 'browser'],
      fullyParallel: false,
      workers: 1,
      use: chromium,
    },
    {
      name: 'attacks',
      testMatch: 'attacks/**/*.spec.ts',
      dependencies: ['browser-switches'],
      fullyParallel: false,
      workers: 1,
    },
    // Workshop mode: the scoreboard and a reset (which empties the stack's data, so it runs last).
    {
      name: 'workshop',
      testMatch: 'workshop/**/*.spec.ts',
      dependencies: ['attacks'],
      fullyParallel: false,
      workers: 1,
    },
    // Last, over the logs every app wrote meanwhile. scripts/e2e.mjs runs it on its own
    // (`--project logs --no-deps`) after the others, whatever happened there: a failed journey
    // skips the attacks that depend on it, never the scan of what the apps logged.
    { name: 'logs', testMatch: 'logs/**/*.spec.ts', dependencies: ['workshop'] },
  ],
});
