import { defineConfig } from '@playwright/test';

/**
 * The e2e suite drives a real stack that `scripts/e2e.mjs` starts (test profile) and describes in
 * CG_* environment variables. API tests use Playwright's runner without a browser.
 */
const mode = process.env.CG_MODE ?? 'secure';

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
    // Runs after the others, over the logs they made every app write.
    {
      name: 'logs',
      testMatch: 'logs/**/*.spec.ts',
      dependencies: mode === 'training' ? ['attacks'] : ['journeys', 'attacks'],
    },
  ],
});
